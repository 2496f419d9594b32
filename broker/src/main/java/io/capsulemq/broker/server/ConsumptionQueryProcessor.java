package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.client.ConsumerRegistry;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.server.body.GroupListBody;
import io.capsulemq.broker.server.body.Json;
import io.capsulemq.broker.server.body.TopicListBody;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Who consumes what, for {@code mqadmin consumerProgress} and friends: QUERY_TOPIC_CONSUME_BY_WHO (the groups with
 * an online member subscribed to a topic or an offset on it) and QUERY_TOPICS_BY_CONSUMER (the topics a group has
 * offsets on or an online member subscribed to).
 */
final class ConsumptionQueryProcessor implements RequestProcessor {
    private final Broker broker;
    private final Supplier<String> brokerAddress;

    ConsumptionQueryProcessor(Broker broker, Supplier<String> brokerAddress) {
        this.broker = broker;
        this.brokerAddress = brokerAddress;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        RequestFields f = RequestFields.of(request);
        return switch (request.code()) {
            case RequestCode.QUERY_TOPIC_CONSUME_BY_WHO -> Responses.done(Responses.success()
                    .body(Json.write(new GroupListBody(groupsOf(f.string("topic"))))));
            case RequestCode.QUERY_TOPICS_BY_CONSUMER -> Responses.done(Responses.success()
                    .body(Json.write(new TopicListBody(topicsOf(f.string("group")), brokerAddress.get()))));
            default -> throw new IllegalStateException("not a consumption query code: " + request.code());
        };
    }

    private Set<String> groupsOf(String topic) {
        Set<String> groups = new TreeSet<>(broker.offsets().groupsOf(topic));
        for (String group : broker.consumers().groups().keySet()) {
            if (broker.consumers().subscription(group, topic).isPresent()) {
                groups.add(group);
            }
        }
        return groups;
    }

    private Set<String> topicsOf(String group) {
        Set<String> topics = new TreeSet<>(broker.offsets().topicsOf(group));
        for (ConsumerRegistry.Member member : broker.consumers().members(group)) {
            topics.addAll(member.registration().subscriptions().keySet());
        }
        return topics;
    }
}
