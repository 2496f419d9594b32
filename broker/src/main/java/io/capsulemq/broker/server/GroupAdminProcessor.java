package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.group.ConsumeFrom;
import io.capsulemq.broker.engine.group.GroupConfig;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.server.body.Json;
import io.capsulemq.broker.server.body.SubscriptionGroupData;
import io.capsulemq.broker.server.body.SubscriptionGroupTableBody;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Consumer groups for operators and clients: GET_ALL_SUBSCRIPTIONGROUP_CONFIG, GET_SUBSCRIPTIONGROUP_CONFIG (one
 * group, which RocketMQ 5's clients ask for), UPDATE_AND_CREATE_SUBSCRIPTIONGROUP and DELETE_SUBSCRIPTIONGROUP.
 * Of RocketMQ's group settings, consumeEnable, consumeMessageOrderly and retryMaxTimes
 * are the engine's own; the others are shown with RocketMQ's defaults. consumeBroadcastEnable and
 * consumeFromMinEnable are permissions in RocketMQ, true by default, so an update does not read them as the
 * group's message model or starting point (which stay as they are).
 */
final class GroupAdminProcessor implements RequestProcessor {
    private final Broker broker;
    private final TableVersion<SubscriptionGroupData> version;

    GroupAdminProcessor(Broker broker) {
        this.broker = broker;
        this.version = new TableVersion<>(broker.config().clock());
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG -> all(RequestFields.of(request));
            case RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG -> one(RequestFields.of(request));
            case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP -> createOrUpdate(request);
            case RequestCode.DELETE_SUBSCRIPTIONGROUP -> delete(RequestFields.of(request));
            default -> throw new IllegalStateException("not a group admin code: " + request.code());
        };
    }

    private CompletableFuture<RemotingCommand> createOrUpdate(RemotingCommand request) {
        SubscriptionGroupData data = Json.read(request.body(), SubscriptionGroupData.class, "subscription group");
        if (data.groupName() == null || data.groupName().isEmpty()) {
            throw Responses.refuse(ResponseCode.INVALID_PARAMETER, "the subscription group has no groupName");
        }
        GroupConfig current = broker.groups().find(data.groupName()).orElse(GroupConfig.defaults(data.groupName()));
        GroupConfig updated = new GroupConfig(data.groupName(),
                data.consumeEnable() != null ? data.consumeEnable() : current.consumeEnable(),
                current.messageModel(),
                data.retryMaxTimes() != null ? data.retryMaxTimes() : current.retryMaxTimes(),
                data.consumeMessageOrderly() != null ? data.consumeMessageOrderly() : current.consumeMessageOrderly(),
                current.consumeFrom(), current.consumeTimestamp());
        broker.admin().createOrUpdateGroup(updated);
        return Responses.ok();
    }

    private CompletableFuture<RemotingCommand> delete(RequestFields f) {
        String group = f.string("groupName");
        boolean cleanOffset = f.optionalBoolean("cleanOffset", false);
        broker.groups().delete(group);
        if (cleanOffset) {
            broker.offsets().removeGroup(group);
        }
        return Responses.ok();
    }

    /**
     * One group's settings. As in RocketMQ, asking for a group that is not there creates it when groups are created
     * on first use (in order if its consumers' topic is FIFO, see {@link ConsumeChecks#settings}); otherwise the
     * answer is SUBSCRIPTION_GROUP_NOT_EXIST.
     */
    private CompletableFuture<RemotingCommand> one(RequestFields f) {
        GroupConfig config = ConsumeChecks.settings(broker, f.string("group"));
        return Responses.done(Responses.success().body(Json.write(data(config))));
    }

    /** The table in name order, or the page of it a 5.x client asks for ({@code groupSeq}, {@code maxGroupNum}). */
    private CompletableFuture<RemotingCommand> all(RequestFields f) {
        Map<String, SubscriptionGroupData> table = new TreeMap<>();
        for (GroupConfig g : broker.groups().all()) {
            table.put(g.groupName(), data(g));
        }
        SubscriptionGroupTableBody body = new SubscriptionGroupTableBody(version.of(table),
                TableVersion.page(table, f.optionalInteger("groupSeq", 0), f.optionalInteger("maxGroupNum", 0)),
                Map.of());
        return Responses.done(Responses.success().extField("totalGroupNum", Integer.toString(table.size()))
                .body(Json.write(body)));
    }

    static SubscriptionGroupData data(GroupConfig g) {
        return new SubscriptionGroupData(g.groupName(), g.consumeEnable(), g.consumeFrom() == ConsumeFrom.FIRST_OFFSET,
                true, g.consumeMessageOrderly(), 1, g.retryMaxTimes(), 0L, 1L, true, 0, 15, Map.of());
    }
}
