package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.client.ClientConnection;
import io.capsulemq.broker.engine.client.ConsumerRegistry;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.server.body.ConnectionData;
import io.capsulemq.broker.server.body.ConsumerConnectionBody;
import io.capsulemq.broker.server.body.ConsumerData;
import io.capsulemq.broker.server.body.Json;
import io.capsulemq.broker.server.body.ProducerConnectionBody;
import io.capsulemq.broker.server.body.SubscriptionData;
import io.capsulemq.broker.server.client.ChannelClient;
import io.capsulemq.broker.server.client.ChannelClients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Who is connected: GET_CONSUMER_CONNECTION_LIST and GET_PRODUCER_CONNECTION_LIST from the registries and what the
 * clients' heartbeats said; GET_CONSUMER_RUNNING_INFO relayed to the consumer, whose answer goes back as it is.
 */
final class ConnectionAdminProcessor implements RequestProcessor {
    static final Duration RELAY_TIMEOUT = Duration.ofSeconds(5);

    private final Broker broker;

    ConnectionAdminProcessor(Broker broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        RequestFields f = RequestFields.of(request);
        return switch (request.code()) {
            case RequestCode.GET_CONSUMER_CONNECTION_LIST -> consumers(f.string("consumerGroup"));
            case RequestCode.GET_PRODUCER_CONNECTION_LIST -> producers(f.string("producerGroup"));
            case RequestCode.GET_CONSUMER_RUNNING_INFO -> runningInfo(request, f);
            default -> throw new IllegalStateException("not a connection admin code: " + request.code());
        };
    }

    private CompletableFuture<RemotingCommand> consumers(String group) {
        Collection<ConsumerRegistry.Member> members = broker.consumers().members(group);
        List<ConnectionData> connections = new ArrayList<>();
        Map<String, SubscriptionData> subscriptions = new LinkedHashMap<>();
        ConsumerData first = null;
        for (ConsumerRegistry.Member member : members) {
            ChannelClient client = ChannelClients.of(member.connection()).orElse(null);
            if (client == null) {
                continue;
            }
            connections.add(connection(client));
            ConsumerData data = client.consumerData(group);
            if (data != null) {
                first = first == null ? data : first;
                data.subscriptionDataSet().forEach(s -> subscriptions.putIfAbsent(s.topic(), s));
            }
        }
        if (connections.isEmpty() || first == null) {
            throw Responses.refuse(ResponseCode.CONSUMER_NOT_ONLINE, "no consumer of group " + group + " is online");
        }
        ConsumerConnectionBody body = new ConsumerConnectionBody(connections, subscriptions, first.consumeType(),
                first.messageModel(), first.consumeFromWhere());
        return Responses.done(Responses.success().body(Json.write(body)));
    }

    private CompletableFuture<RemotingCommand> producers(String group) {
        List<ConnectionData> connections = new ArrayList<>();
        for (ClientConnection live : broker.producers().live(group)) {
            ChannelClients.of(live).ifPresent(c -> connections.add(connection(c)));
        }
        if (connections.isEmpty()) {
            throw Responses.refuse(ResponseCode.SYSTEM_ERROR, "no producer of group " + group + " is online");
        }
        return Responses.done(Responses.success().body(Json.write(new ProducerConnectionBody(connections))));
    }

    private CompletableFuture<RemotingCommand> runningInfo(RemotingCommand request, RequestFields f) {
        String group = f.string("consumerGroup");
        String clientId = f.string("clientId");
        ChannelClient client = broker.consumers().member(group, clientId)
                .flatMap(m -> ChannelClients.of(m.connection()))
                .filter(ChannelClient::isActive)
                .orElseThrow(() -> Responses.refuse(ResponseCode.SYSTEM_ERROR, "consumer " + clientId + " of group "
                        + group + " is not online"));
        RemotingCommand relayed = RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO)
                .extFields(request.extFields()).build();
        return client.invoke(relayed, RELAY_TIMEOUT).handle((answer, failure) -> {
            if (failure != null) {
                return Responses.of(ResponseCode.SYSTEM_ERROR).remark("consumer " + clientId
                        + " did not answer: " + failure.getMessage()).build();
            }
            return Responses.of(answer.code()).remark(answer.remark()).body(answer.body()).build();
        });
    }

    private static ConnectionData connection(ChannelClient client) {
        return new ConnectionData(client.clientId(), client.address(), client.language().name(), client.version());
    }
}
