package io.capsulemq.broker.engine.admin;

import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.broker.engine.BrokerException.Reason;
import io.capsulemq.broker.engine.client.ConsumerRegistry;
import io.capsulemq.broker.engine.group.ConsumerOffsets;
import io.capsulemq.broker.engine.group.GroupConfig;
import io.capsulemq.broker.engine.group.GroupRegistry;
import io.capsulemq.broker.engine.pop.PopService;
import io.capsulemq.broker.engine.timer.PendingTimer;
import io.capsulemq.broker.engine.timer.TimerService;
import io.capsulemq.broker.engine.transaction.DiscardedHalf;
import io.capsulemq.broker.engine.transaction.PendingHalf;
import io.capsulemq.broker.engine.transaction.TransactionService;
import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.engine.topic.TopicRegistry;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.StoredMessage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What operators do and see, as one Java API for the console and the wire protocol: topics, groups with their
 * members and lag, offset resets, and message look-ups.
 */
public final class AdminService {
    private final MessageStore store;
    private final TopicRegistry topics;
    private final GroupRegistry groups;
    private final ConsumerOffsets offsets;
    private final ConsumerRegistry consumers;
    private final PopService pop;
    private final TimerService timer;
    private final TransactionService transactions;

    public AdminService(MessageStore store, TopicRegistry topics, GroupRegistry groups, ConsumerOffsets offsets,
                        ConsumerRegistry consumers, PopService pop, TimerService timer,
                        TransactionService transactions) {
        this.pop = pop;
        this.timer = timer;
        this.transactions = transactions;
        this.store = store;
        this.topics = topics;
        this.groups = groups;
        this.offsets = offsets;
        this.consumers = consumers;
    }

    public Collection<TopicConfig> topics() {
        return topics.all();
    }

    public TopicConfig createOrUpdateTopic(TopicConfig config) {
        return topics.createOrUpdate(config);
    }

    /** Deletes a topic's configuration, queues and every group's offsets on it. */
    public boolean deleteTopic(String topic) {
        if (SystemTopics.isInternal(topic)) {
            throw new BrokerException(Reason.NO_PERMISSION, "topic " + topic + " belongs to the broker");
        }
        boolean existed = topics.delete(topic);
        if (existed) {
            store.deleteTopic(topic);
            offsets.removeTopic(topic);
        }
        return existed;
    }

    public GroupConfig createOrUpdateGroup(GroupConfig config) {
        return groups.createOrUpdate(config);
    }

    /** Every group the broker knows: configured, with committed offsets, or with live members. */
    public List<GroupView> groups() {
        Set<String> names = new TreeSet<>(consumers.groups().keySet());
        groups.all().forEach(g -> names.add(g.groupName()));
        topics.all().forEach(t -> names.addAll(offsets.groupsOf(t.topicName())));
        List<GroupView> views = new ArrayList<>();
        for (String name : names) {
            views.add(group(name));
        }
        return views;
    }

    /** A group's members and its progress on each queue of each topic it has offsets on or subscribes to. */
    public GroupView group(String group) {
        Set<String> groupTopics = new TreeSet<>(offsets.topicsOf(group));
        consumers.members(group).forEach(m -> groupTopics.addAll(m.registration().subscriptions().keySet()));
        List<QueueProgress> progress = new ArrayList<>();
        for (String topic : groupTopics) {
            Optional<TopicConfig> config = topics.find(topic);
            if (config.isEmpty()) {
                continue;
            }
            Map<Integer, Long> committed = offsets.committed(group, topic);
            for (int q = 0; q < config.get().readQueueNums(); q++) {
                progress.add(new QueueProgress(topic, q, committed.getOrDefault(q, -1L),
                        store.minOffset(topic, q), store.maxOffset(topic, q)));
            }
        }
        return new GroupView(group, consumers.memberIds(group), progress);
    }

    /**
     * Moves a group's offsets on every queue of a topic to the first message stored at or after
     * {@code timestampMillis}; returns the new offsets by queue id. Live consumers pick them up when told.
     */
    public Map<Integer, Long> resetOffsets(String group, String topic, long timestampMillis) {
        TopicConfig config = topics.find(topic).orElseThrow(() -> new BrokerException(Reason.TOPIC_NOT_EXIST,
                "topic " + topic + " does not exist"));
        Map<Integer, Long> reset = new TreeMap<>();
        for (int q = 0; q < config.readQueueNums(); q++) {
            long offset = store.offsetByTimestamp(topic, q, timestampMillis);
            offsets.commit(group, topic, q, offset);
            pop.resetOffset(group, topic, q, offset);
            reset.put(q, offset);
        }
        offsets.persist();
        consumers.members(group).forEach(m -> m.connection().resetOffsets(group, topic, reset));
        return reset;
    }

    /** A message by its offset id, or by its unique id within a topic. */
    public Optional<StoredMessage> messageById(String topic, String messageId) {
        try {
            Optional<StoredMessage> byOffset = store.lookUpByOffsetId(messageId);
            if (byOffset.isPresent()) {
                return byOffset;
            }
        } catch (IllegalArgumentException notAnOffsetId) {
            // A unique id is not an offset id: look it up in the index instead.
        }
        return store.lookUpByUniqueId(topic, messageId, 0, Long.MAX_VALUE).stream().findFirst();
    }

    public List<StoredMessage> messagesByKey(String topic, String key, long beginMillis, long endMillis,
                                             int maxCount) {
        return store.lookUpByKey(topic, key, maxCount, beginMillis, endMillis);
    }

    public GetResult messagesByOffset(String topic, int queueId, long offset, int maxCount) {
        return store.get(topic, queueId, offset, maxCount, MessageFilter.ALL);
    }

    /** Half messages still waiting for their transaction's outcome, oldest first. */
    public List<PendingHalf> pendingHalfMessages(int max) {
        return transactions.pending(max);
    }

    /** Half messages rolled back after too many unanswered checks; {@link #resumeChecks} puts one back. */
    public List<DiscardedHalf> discardedHalfMessages(int max) {
        return transactions.discarded(max);
    }

    public void resumeChecks(long halfCommitLogOffset) {
        transactions.resumeChecks(halfCommitLogOffset);
    }

    /** Timed messages not yet due, soonest first, and how many there are in all. */
    public List<PendingTimer> timedMessages(int max) {
        return timer.listPending(max);
    }

    public long timedMessageCount() {
        return timer.pendingCount();
    }
}
