package io.capsulemq.client.consumer.push;

import io.capsulemq.client.consumer.Subscriptions;
import io.capsulemq.client.gateway.ClientListener;
import io.capsulemq.client.gateway.ConsumerHeartbeat;
import io.capsulemq.client.gateway.ConsumerSettings;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.QueueRef;
import io.capsulemq.client.gateway.SubscriptionSpec;
import io.capsulemq.client.gateway.TopicRoute;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Decides which queues this member of the group consumes, and keeps a {@link QueueProcess} for each. Each rebalance
 * checks in with the broker (the heartbeat), reads the group's members and settings and each subscribed topic's
 * queues (the group's retry topic included), deals the queues out evenly and starts or stops queue processes to
 * match. Runs on the consumer's scheduler thread only.
 * <p>
 * Where a queue the group has no offset on starts is the group's setting; by default (LAST_OFFSET) at the queue's
 * end, so that a new group does not receive old messages, as with RocketMQ 5's push consumer. The end is taken as
 * of when the consumer subscribed: a topic created after that starts at its beginning, so nothing sent after the
 * consumer started is missed because its topic appeared later. The group's retry topic starts at its beginning.
 * The start is committed at once, so other members start there too.
 * <p>
 * A broadcasting group (its messageModel set so on the broker) is not shared out: each member takes every queue of
 * the subscribed topics and keeps its own position ({@link MemberProgress}); it has no retry topic, since a message
 * a member failed is not handed back to the group.
 */
final class Rebalancer {
    private static final System.Logger LOG = System.getLogger(Rebalancer.class.getName());
    static final String RETRY_PREFIX = "%RETRY%";

    private final PushContext ctx;
    private final Subscriptions subscriptions;
    private final ClientListener self;
    private final Map<QueueRef, QueueProcess> processes = new TreeMap<>();
    /** Per topic: whether it was created after this consumer subscribed to it. */
    private final Map<String, Boolean> createdAfterSubscribing = new HashMap<>();
    /** Whether the last rebalance left something to look at again soon (a missing topic, an absent group). */
    private boolean unsettled;
    private final Progress groupProgress;
    private final Progress memberProgress = new MemberProgress();

    Rebalancer(PushContext ctx, Subscriptions subscriptions, ClientListener self) {
        this.ctx = ctx;
        this.subscriptions = subscriptions;
        this.self = self;
        this.groupProgress = new GroupProgress(ctx.gateway, ctx.group);
    }

    boolean unsettled() {
        return unsettled;
    }

    int assignedQueueCount() {
        return processes.size();
    }

    String retryTopic() {
        return RETRY_PREFIX + ctx.group;
    }

    /** The user's subscriptions and the group's retry topic, taken whole. */
    private Map<String, SubscriptionSpec> specs() {
        Map<String, SubscriptionSpec> specs = new LinkedHashMap<>(subscriptions.specs());
        specs.put(retryTopic(), SubscriptionSpec.all(retryTopic()));
        return specs;
    }

    /** Checks in with the broker: joins or renews membership and learns the group's settings. */
    ConsumerSettings heartbeat() {
        ConsumerSettings settings = ctx.gateway.registerConsumer(new ConsumerHeartbeat(ctx.group,
                ConsumerHeartbeat.ConsumeMode.PUSH, new ArrayList<>(specs().values())), self);
        ctx.settings(settings);
        return settings;
    }

    void rebalance() {
        // Routes first, then the heartbeat: a broker creates a group on first use once its topics exist (in order
        // for a FIFO topic), so the settings answered then hold for every topic routed here.
        Map<String, TopicRoute> routes = new HashMap<>();
        for (SubscriptionSpec spec : specs().values()) {
            routes.put(spec.topic(), route(spec.topic()));
        }
        ConsumerSettings settings = heartbeat();
        boolean broadcasting = settings.broadcasting();
        Map<String, SubscriptionSpec> specs = broadcasting ? subscriptions.specs() : specs();
        List<String> members = broadcasting ? List.of(ctx.clientId) : ctx.gateway.memberIds(ctx.group);
        Map<QueueRef, SubscriptionSpec> wanted = new TreeMap<>();
        boolean missing = false;
        for (SubscriptionSpec spec : specs.values()) {
            TopicRoute route = routes.get(spec.topic());
            boolean retry = spec.topic().equals(retryTopic());
            if (route == null || !route.exists()) {
                missing |= !retry;
                createdAfterSubscribing.putIfAbsent(spec.topic(), true);
                continue;
            }
            createdAfterSubscribing.putIfAbsent(spec.topic(), false);
            if (!route.readable()) {
                continue;
            }
            for (QueueRef q : QueueAllocation.average(spec.topic(), route.readQueueNums(), members, ctx.clientId)) {
                wanted.put(q, spec);
            }
        }
        createdAfterSubscribing.keySet().retainAll(specs.keySet());
        for (QueueRef q : new ArrayList<>(processes.keySet())) {
            QueueProcess p = processes.get(q);
            if (p.broadcasting() != broadcasting) {
                drop(q, false);
            } else if (!p.subscription().equals(wanted.get(q)) || p.orderly() != settings.orderly()) {
                drop(q, true);
            }
        }
        Progress progress = broadcasting ? memberProgress : groupProgress;
        for (Map.Entry<QueueRef, SubscriptionSpec> e : wanted.entrySet()) {
            if (!processes.containsKey(e.getKey())) {
                QueueProcess p = new QueueProcess(ctx, e.getKey(), e.getValue(), settings.orderly(), broadcasting,
                        progress);
                processes.put(e.getKey(), p);
                p.start(startOffset(e.getKey(), progress));
            }
        }
        unsettled = missing || !settings.exists();
        LOG.log(System.Logger.Level.DEBUG, "{0} of group {1} ({2} members) consumes {3}", ctx.clientId, ctx.group,
                members.size(), processes.keySet());
    }

    private TopicRoute route(String topic) {
        try {
            return ctx.gateway.route(topic);
        } catch (GatewayException e) {
            if (e.kind() != GatewayException.Kind.TOPIC_NOT_FOUND) {
                LOG.log(System.Logger.Level.WARNING, "no route for topic {0}: {1}", topic, e.getMessage());
            }
            return null;
        }
    }

    private long startOffset(QueueRef q, Progress progress) {
        OptionalLong saved = progress.position(q);
        if (saved.isPresent()) {
            return saved.getAsLong();
        }
        boolean fromStart = q.topic().equals(retryTopic())
                || ctx.settings().startFrom() == ConsumerSettings.StartFrom.LAST_OFFSET
                && createdAfterSubscribing.getOrDefault(q.topic(), false);
        long start = fromStart ? ctx.gateway.bounds(q).minOffset() : ctx.gateway.startOffset(ctx.group, q);
        progress.save(q, start);
        LOG.log(System.Logger.Level.DEBUG, "{0} of group {1} starts {2} at offset {3}", ctx.clientId, ctx.group, q,
                start);
        return start;
    }

    /**
     * Gives a queue up: stops pulling, and once its listener calls are done commits where it got to (unless
     * {@code commit} is false) and releases its lease.
     */
    private CompletableFuture<Void> drop(QueueRef q, boolean commit) {
        QueueProcess p = processes.remove(q);
        if (p == null) {
            return CompletableFuture.completedFuture(null);
        }
        return p.stop().thenRunAsync(() -> release(p, commit), ctx.scheduler);
    }

    private void release(QueueProcess p, boolean commit) {
        try {
            if (commit) {
                p.commit();
            }
            if (p.leased()) {
                ctx.leases.unlock(p.queue());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not release {0}: {1}", p.queue(), e.getMessage());
        }
    }

    /** Commits every held queue's position. */
    void commitOffsets() {
        for (QueueProcess p : processes.values()) {
            try {
                p.commit();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not commit the offset of {0}: {1}", p.queue(),
                        e.getMessage());
            }
        }
    }

    /** Renews the leases of ordered queues. */
    void renewLeases() {
        Set<QueueRef> ordered = new TreeSet<>();
        processes.values().stream().filter(QueueProcess::leased).forEach(p -> ordered.add(p.queue()));
        if (!ordered.isEmpty()) {
            ctx.leases.lock(ordered);
        }
    }

    /**
     * An operator moved the group's offsets on a topic: its queues restart from the committed (new) offsets, or in
     * broadcasting from the same offsets taken as this member's own.
     */
    void offsetsReset(String topic, Map<Integer, Long> offsets) {
        offsets.forEach((queueId, offset) -> memberProgress.save(new QueueRef(topic, queueId), offset));
        for (QueueRef q : new ArrayList<>(processes.keySet())) {
            if (q.topic().equals(topic)) {
                drop(q, false);
            }
        }
        rebalance();
    }

    /** Stops every queue; completes when their listener calls are done. Offsets are committed by {@link #release}. */
    CompletableFuture<Void> stopAll() {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (QueueRef q : new ArrayList<>(processes.keySet())) {
            QueueProcess p = processes.remove(q);
            stopping.add(p.stop().thenRun(() -> release(p, true)));
        }
        return CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new));
    }

    int cachedMessageCount() {
        return processes.values().stream().mapToInt(QueueProcess::cachedCount).sum();
    }
}
