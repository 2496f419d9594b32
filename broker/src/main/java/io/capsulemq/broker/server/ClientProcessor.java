package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.client.ConsumerRegistration;
import io.capsulemq.broker.engine.client.MessageModel;
import io.capsulemq.broker.engine.topic.Permission;
import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.server.body.CheckClientBody;
import io.capsulemq.broker.server.body.ConsumerData;
import io.capsulemq.broker.server.body.ConsumerListBody;
import io.capsulemq.broker.server.body.HeartbeatBody;
import io.capsulemq.broker.server.body.Json;
import io.capsulemq.broker.server.body.SubscriptionData;
import io.capsulemq.broker.server.client.ChannelClient;
import io.capsulemq.broker.server.client.ChannelClients;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Client registration: HEART_BEAT (a client's producer and consumer groups, into the engine's registries with the
 * client's {@link ChannelClient}), UNREGISTER_CLIENT, GET_CONSUMER_LIST_BY_GROUP (what a consumer rebalances over)
 * and CHECK_CLIENT_CONFIG (a consumer checking its SQL92 subscription before it starts).
 */
final class ClientProcessor implements RequestProcessor {
    private final Broker broker;
    private final ChannelClients clients;
    private final ConsumerRegistrations registrations;

    ClientProcessor(Broker broker, ChannelClients clients, FilterCache filters) {
        this.broker = broker;
        this.clients = clients;
        this.registrations = new ConsumerRegistrations(broker, filters);
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.HEART_BEAT -> heartbeat(connection, request);
            case RequestCode.UNREGISTER_CLIENT -> unregister(connection, request);
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> consumerList(request);
            case RequestCode.CHECK_CLIENT_CONFIG -> checkClient(request);
            default -> throw new IllegalStateException("not a client registration code: " + request.code());
        };
    }

    private CompletableFuture<RemotingCommand> heartbeat(RemotingConnection connection, RemotingCommand request) {
        HeartbeatBody heartbeat = Json.read(request.body(), HeartbeatBody.class, "heartbeat");
        String clientId = heartbeat.clientID();
        if (clientId == null || clientId.isEmpty()) {
            throw Responses.refuse(ResponseCode.INVALID_PARAMETER, "the heartbeat names no clientID");
        }
        // Everything is checked before anything is registered, so a refused heartbeat changes nothing.
        ChannelClient existing = clients.find(connection, clientId).orElse(null);
        List<ConsumerData> consumers = new ArrayList<>();
        List<ConsumerRegistration> read = new ArrayList<>();
        for (ConsumerData data : heartbeat.consumerDataSet()) {
            ConsumerData stated = heartbeat.withoutSub() && existing != null
                    && existing.consumerData(data.groupName()) != null
                    ? existing.consumerData(data.groupName()) : data;
            consumers.add(stated);
            read.add(registrations.read(stated));
        }
        for (HeartbeatBody.ProducerData producer : heartbeat.producerDataSet()) {
            if (producer.groupName() == null || producer.groupName().isEmpty()) {
                throw Responses.refuse(ResponseCode.INVALID_PARAMETER, "the heartbeat of " + clientId
                        + " has a producer without groupName");
            }
        }
        ChannelClient client = clients.heard(connection, clientId, request.language(), request.version());
        for (HeartbeatBody.ProducerData producer : heartbeat.producerDataSet()) {
            broker.producers().heartbeat(producer.groupName(), client);
            client.joinedProducerGroup(producer.groupName());
        }
        for (int i = 0; i < consumers.size(); i++) {
            ConsumerRegistration registration = read.get(i);
            if (registration.messageModel() == MessageModel.CLUSTERING) {
                // A push consumer pulls its group's retry topic; it must exist before the first pull.
                broker.topics().ensure(SystemTopics.retryTopic(registration.group()), 1, Permission.READ_WRITE);
            }
            client.joinedConsumerGroup(consumers.get(i));
            broker.consumers().heartbeat(client, registration);
        }
        clients.recheck(connection);
        return Responses.ok();
    }

    private CompletableFuture<RemotingCommand> unregister(RemotingConnection connection, RemotingCommand request) {
        RequestFields f = RequestFields.of(request);
        String clientId = f.string("clientID");
        String producerGroup = f.optionalString("producerGroup");
        String consumerGroup = f.optionalString("consumerGroup");
        ChannelClient client = clients.find(connection, clientId).orElse(null);
        if (producerGroup != null) {
            broker.producers().unregister(producerGroup, clientId);
            if (client != null) {
                client.leftProducerGroup(producerGroup);
            }
        }
        if (consumerGroup != null) {
            broker.consumers().unregister(consumerGroup, clientId);
            if (client != null) {
                client.leftConsumerGroup(consumerGroup);
            }
        }
        return Responses.ok();
    }

    private CompletableFuture<RemotingCommand> consumerList(RemotingCommand request) {
        String group = RequestFields.of(request).string("consumerGroup");
        List<String> members = broker.consumers().memberIds(group);
        if (members.isEmpty()) {
            // As RocketMQ's broker answers: the client then skips this rebalance.
            throw Responses.refuse(ResponseCode.SYSTEM_ERROR, "no consumer of group " + group + " is online");
        }
        return Responses.done(Responses.success().body(Json.write(new ConsumerListBody(members))));
    }

    private CompletableFuture<RemotingCommand> checkClient(RemotingCommand request) {
        CheckClientBody body = Json.read(request.body(), CheckClientBody.class, "client check");
        SubscriptionData s = body.subscriptionData();
        if (s == null) {
            throw Responses.refuse(ResponseCode.INVALID_PARAMETER, "the client check carries no subscriptionData");
        }
        registrations.subscription(body.group(), s);
        return Responses.ok();
    }
}
