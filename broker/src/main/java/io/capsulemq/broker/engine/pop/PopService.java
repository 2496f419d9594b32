package io.capsulemq.broker.engine.pop;

import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.broker.engine.BrokerException.Reason;
import io.capsulemq.broker.engine.group.ConsumerOffsets;
import io.capsulemq.broker.engine.group.GroupConfig;
import io.capsulemq.broker.engine.group.GroupNames;
import io.capsulemq.broker.engine.group.GroupRegistry;
import io.capsulemq.broker.engine.pop.JournalRecord.Changed;
import io.capsulemq.broker.engine.pop.JournalRecord.Done;
import io.capsulemq.broker.engine.pop.JournalRecord.Outcome;
import io.capsulemq.broker.engine.pop.JournalRecord.Reset;
import io.capsulemq.broker.engine.retry.RetryService;
import io.capsulemq.broker.engine.topic.Permission;
import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.engine.topic.TopicRegistry;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.MessageStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * RocketMQ 5's pop consumption, as the simple consumer uses it: a group receives messages from every readable queue
 * of a topic, each invisible to the rest of the group for a while, and acknowledges them one by one.
 *
 * <h2>Model</h2>
 * Per (group, topic, queue) the service keeps a cursor, the next queue offset never looked at, and the messages in
 * flight below it (popped, not acknowledged). Every offset below the cursor that is not in flight is done, so the
 * group's committed offset in {@link ConsumerOffsets} is the first offset in flight (or the cursor), and admin lag
 * counts what the group has not finished. The heap holds what is in flight, never the queue. A group new to a
 * queue starts at its offset in {@link ConsumerOffsets} if it has one, else at the queue's first message.
 * <ul>
 *   <li>A pop first hands out in-flight messages whose invisible time passed (with their delivery attempt counted
 *   up), then new messages from the cursor. Both happen under the queue's lock, so consumers of a group sharing a
 *   queue never get the same message while it is invisible.</li>
 *   <li>Redelivery is in place: a message that was not acknowledged is handed out again from its own queue and
 *   offset; it is not copied to a retry topic as RocketMQ's revive service does. So the same path serves normal and
 *   FIFO pops, retried messages keep their offset id, nothing needs the timer, and the committed offset stays on the
 *   oldest unfinished message. The group's retry topic ({@code %RETRY%group}, which push consumers' send-back
 *   fills) is not read by pops.</li>
 *   <li>A message is delivered at most {@code retryMaxTimes + 1} times (the first delivery and the group's retries,
 *   as RocketMQ counts them); when the last delivery's invisible time passes unacknowledged, it goes to
 *   {@code %DLQ%group} through {@link RetryService#sendBack} and leaves the queue's in-flight set.</li>
 *   <li>FIFO pops take nothing from a queue while a message of it is invisible; when its invisible time passes it
 *   is redelivered first, at the same position, and the queue moves on only once it is acknowledged or
 *   dead-lettered.</li>
 * </ul>
 *
 * <h2>Durability</h2>
 * Every change to the in-flight set is a record in the pop journal, queue 0 of {@link SystemTopics#REVIVE_LOG} in
 * the store, and a pop, acknowledgement or change of invisible time answers only once its record is stored as the
 * store's flush mode promises (under synchronous flush: fsynced). A snapshot of the in-flight table
 * ({@code popState.json} in the state folder) is written every few seconds when something changed and at close,
 * with the journal offset from which a replay brings it up to date; each queue in it remembers the sequence number
 * of the last record it reflects, so replaying records the snapshot already holds does nothing. At start the
 * snapshot is loaded and the journal replayed from that offset; without a snapshot the whole journal is replayed.
 * A stale snapshot after a crash therefore only lengthens the replay. The journal grows like any topic and
 * retention removes it; the snapshot keeps replays short. What this gives, with the store under synchronous flush
 * (under asynchronous flush a crash may lose the last records, as it may lose the last messages):
 * <ul>
 *   <li>An acknowledgement that returned is never undone: the message does not come back. (One under way when the
 *   broker died may hold or not: the client was not told either way.)</li>
 *   <li>A message popped before a restart and not acknowledged stays in flight with its receipt handle, which the
 *   restarted broker still accepts (the signing key is kept in the state folder), and becomes visible again when
 *   its invisible time, counted from its pop, passes; not earlier.</li>
 *   <li>No message is lost: a pop whose record did not reach the disk was not answered, and its messages are read
 *   again from the queue (or, if the snapshot saw them, are in flight and come back after their invisible time).</li>
 *   <li>A dead letter is written before the record that removes it from flight, so a crash between the two may
 *   put it in the dead-letter topic twice, never zero times.</li>
 * </ul>
 *
 * <p>Waiting receives are woken by store arrivals in the topic's queues, by messages of their group becoming
 * visible again (a check every second), and by acknowledgements that release a FIFO queue.
 */
public final class PopService implements AutoCloseable {
    /** A pop hands out at most this many messages; larger requests are cut to it. */
    public static final int MAX_MESSAGES_PER_POP = 256;
    /** The longest invisible time a pop or a change may ask for. */
    public static final Duration MAX_INVISIBLE_TIME = Duration.ofHours(12);
    static final String STATE_FILE = "popState.json";
    static final String KEY_FILE = "popReceipt.key";

    private static final System.Logger LOG = System.getLogger(PopService.class.getName());
    private static final long REVIVE_INTERVAL_MILLIS = 1_000;
    private static final long SNAPSHOT_INTERVAL_MILLIS = 5_000;

    private final TopicRegistry topics;
    private final GroupRegistry groups;
    private final Clock clock;
    private final Executor readers;
    private final ReceiptHandles handles;
    private final InFlightTable table;
    private final DeadLetters deadLetters;
    private final PopTaker taker;
    private final PopWaiters waiters;
    private final ScheduledFuture<?> reviveTask;
    private final ScheduledFuture<?> snapshotTask;
    private volatile boolean closed;

    /**
     * Loads the in-flight table (snapshot and journal) and starts the revive and snapshot tasks. Close it before
     * the store.
     *
     * @param retries   stores dead letters
     * @param stateDir  where the snapshot and the receipt handle key are kept (the broker's config folder)
     * @param clock     decides visibility; tests move it by hand
     * @param scheduler runs poll timeouts, the revive check and snapshots; shared, never blocked for long
     * @param readers   runs the pops of woken receives and dead-lettering found by the revive check
     */
    public PopService(MessageStore store, TopicRegistry topics, GroupRegistry groups, ConsumerOffsets offsets,
                      RetryService retries, Path stateDir, Clock clock, ScheduledExecutorService scheduler,
                      Executor readers) {
        Objects.requireNonNull(store, "store");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.groups = Objects.requireNonNull(groups, "groups");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.readers = Objects.requireNonNull(readers, "readers");
        this.handles = ReceiptHandles.openOrCreate(stateDir.resolve(KEY_FILE));
        this.table = new InFlightTable(store, Objects.requireNonNull(offsets, "offsets"), new PopJournal(store, clock),
                stateDir.resolve(STATE_FILE));
        this.deadLetters = new DeadLetters(table, Objects.requireNonNull(retries, "retries"), clock, this::wake);
        this.taker = new PopTaker(store, topics, table, deadLetters, handles, clock, readers);
        this.waiters = new PopWaiters(this::takeNow, scheduler, readers);
        topics.ensure(PopJournal.TOPIC, 1, Permission.READ_WRITE);
        table.restore();
        store.addArrivalListener((topic, queueId, queueOffset, tagsCode) -> waiters.arrived(topic, tagsCode));
        this.reviveTask = scheduler.scheduleWithFixedDelay(this::revive, REVIVE_INTERVAL_MILLIS,
                REVIVE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        this.snapshotTask = scheduler.scheduleWithFixedDelay(this::snapshotQuietly, SNAPSHOT_INTERVAL_MILLIS,
                SNAPSHOT_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Receives up to {@code maxCount} (at most {@value #MAX_MESSAGES_PER_POP}) messages of {@code topic} for
     * {@code group}, each invisible to the group for {@code invisibleTime}. When nothing is there, waits up to
     * {@code pollTime} for something and completes with an empty list if nothing came.
     *
     * @param filter the group's compiled subscription expression
     * @param fifo   take a queue's next message only once every earlier one popped from it is acknowledged
     * @throws BrokerException          when the topic does not exist, is the broker's or is not readable, or the
     *                                  group may not consume; the future fails with one when the pop cannot be
     *                                  journaled (its messages stay available)
     * @throws IllegalArgumentException for a count below 1, an invisible time not between 1 ms and
     *                                  {@link #MAX_INVISIBLE_TIME}, or a negative poll time
     */
    public CompletableFuture<List<PoppedMessage>> pop(String group, String topic, MessageFilter filter, int maxCount,
                                                      Duration invisibleTime, Duration pollTime, boolean fifo) {
        checkOpen();
        Objects.requireNonNull(filter, "filter");
        if (maxCount < 1) {
            throw new IllegalArgumentException("maxCount must be at least 1, not " + maxCount);
        }
        long invisibleMillis = invisibleMillis(invisibleTime);
        if (pollTime.isNegative()) {
            throw new IllegalArgumentException("pollTime must not be negative: " + pollTime);
        }
        checkGroup(group);
        checkReadable(topic);
        PopRequest request = new PopRequest(group, topic, filter, Math.min(maxCount, MAX_MESSAGES_PER_POP),
                invisibleMillis, fifo);
        CompletableFuture<List<PoppedMessage>> now = takeNow(request);
        if (now != null) {
            return now;
        }
        if (pollTime.isZero()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return waiters.hold(request, pollTime);
    }

    /**
     * Acknowledges a popped message: it is done for the group and never delivered to it again. Returns once the
     * acknowledgement is stored.
     *
     * @throws BrokerException {@link Reason#NOT_FOUND} when the handle is malformed, was issued for another group
     *                         or topic, is stale (the message was delivered again or its invisible time changed),
     *                         has expired, or its message is no longer in flight; another reason when the
     *                         acknowledgement could not be stored (the message then stays in flight)
     */
    public void ack(String group, String topic, String receiptHandle) {
        checkOpen();
        ReceiptHandle handle = handles.decode(group, topic, receiptHandle);
        QueueState q = existingState(group, topic, handle);
        InFlight removed;
        CompletableFuture<Void> written;
        synchronized (q) {
            removed = current(q, handle);
            q.remove(removed.queueOffset);
            written = table.record(q, new Done(table.nextSeq(), q.key, removed.queueOffset, Outcome.ACKNOWLEDGED));
        }
        try {
            written.join();
        } catch (CompletionException e) {
            synchronized (q) {
                if (q.get(removed.queueOffset) == null && removed.queueOffset < q.cursor()) {
                    q.put(removed);
                    table.commit(q);
                }
            }
            throw failure("the acknowledgement of " + q.key + " offset " + removed.queueOffset, e);
        }
        if (removed.fifo) {
            waiters.wake(group, topic);
        }
    }

    /**
     * Makes a popped message invisible for {@code invisibleTime} from now instead of what remained, and returns the
     * handle for it; the old handle becomes stale. The delivery attempt does not change.
     *
     * @throws BrokerException          as {@link #ack} does
     * @throws IllegalArgumentException for an invisible time not between 1 ms and {@link #MAX_INVISIBLE_TIME}
     */
    public String changeInvisibleDuration(String group, String topic, String receiptHandle, Duration invisibleTime) {
        checkOpen();
        long invisibleMillis = invisibleMillis(invisibleTime);
        ReceiptHandle handle = handles.decode(group, topic, receiptHandle);
        QueueState q = existingState(group, topic, handle);
        InFlight entry;
        ReceiptHandle before;
        String renewed;
        CompletableFuture<Void> written;
        synchronized (q) {
            entry = current(q, handle);
            before = entry.handle(q.key.queueId());
            long seq = table.nextSeq();
            long now = clock.millis();
            q.reschedule(entry, entry.attempt, now, invisibleMillis, seq);
            renewed = handles.encode(group, topic, entry.handle(q.key.queueId()));
            written = table.record(q, new Changed(seq, q.key, entry.queueOffset, now, invisibleMillis));
        }
        try {
            written.join();
        } catch (CompletionException e) {
            synchronized (q) {
                if (q.get(entry.queueOffset) == entry) {
                    q.reschedule(entry, entry.attempt, before.popTimeMillis(), before.invisibleMillis(),
                            before.revision());
                }
            }
            throw failure("the change of invisible time of " + q.key + " offset " + entry.queueOffset, e);
        }
        return renewed;
    }

    /**
     * Moves the group's position on a queue to {@code offset}, forgetting what is in flight there (an operator's
     * offset reset). Messages from {@code offset} on are delivered again as new.
     */
    public void resetOffset(String group, String topic, int queueId, long offset) {
        checkOpen();
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        String badGroup = GroupNames.problemWith(group); // the group need not exist; its name goes to the journal
        if (badGroup != null) {
            throw new IllegalArgumentException(badGroup);
        }
        QueueState q = table.state(new QueueKey(group, topic, queueId));
        CompletableFuture<Void> written;
        synchronized (q) {
            q.clear();
            q.cursor(offset);
            written = table.record(q, new Reset(table.nextSeq(), q.key, offset));
        }
        try {
            written.join();
        } catch (CompletionException e) {
            throw failure("the offset reset of " + q.key, e);
        }
        LOG.log(System.Logger.Level.INFO, "pop position of {0} reset to {1}", q.key, offset);
        waiters.wake(group, topic);
    }

    /** The group's messages in flight, by topic, queue and offset. */
    public List<InFlightMessage> inFlight(String group) {
        List<InFlightMessage> out = new ArrayList<>();
        for (QueueState q : table.all()) {
            if (!q.key.group().equals(group)) {
                continue;
            }
            synchronized (q) {
                for (InFlight e : q.entries()) {
                    out.add(new InFlightMessage(q.key.topic(), q.key.queueId(), e.queueOffset, e.commitLogOffset,
                            e.attempt, Instant.ofEpochMilli(e.visibleAtMillis()), e.fifo, e.deadLettering));
                }
            }
        }
        out.sort(Comparator.comparing(InFlightMessage::topic).thenComparingInt(InFlightMessage::queueId)
                .thenComparingLong(InFlightMessage::queueOffset));
        return out;
    }

    /** Receives waiting for messages now. */
    public int waitingCount() {
        return waiters.heldCount();
    }

    /** Answers waiting receives with nothing, stops the background tasks and writes the snapshot. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        reviveTask.cancel(false);
        snapshotTask.cancel(false);
        waiters.closeAll();
        try {
            table.writeSnapshot();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "could not write the pop snapshot at close; the next start replays "
                    + "the journal from the previous one", e);
        }
    }

    /** Pops what is there now: a future of it, or null when there was nothing for the request. */
    private CompletableFuture<List<PoppedMessage>> takeNow(PopRequest request) {
        return closed ? null : taker.takeNow(request, maxDeliveries(request.group()));
    }

    /** Writes the snapshot now if anything changed (the service does so every few seconds and at close). */
    void writeSnapshot() {
        table.writeSnapshot();
    }

    // ---- background ---------------------------------------------------------------------------------------------

    /**
     * The periodic check: dead-letters messages whose last delivery timed out even when nobody pops, and wakes
     * receives waiting for messages that became visible again.
     */
    private void revive() {
        try {
            long now = clock.millis();
            for (QueueState q : table.all()) {
                boolean visible;
                synchronized (q) {
                    visible = q.nextVisibleAtMillis() <= now;
                }
                if (!visible) {
                    continue;
                }
                int maxDeliveries = maxDeliveries(q.key.group());
                if (deadLetters.due(q, maxDeliveries)) {
                    readers.execute(() -> deadLetters.moveDue(q, maxDeliveries));
                }
                if (waiters.waiting(q.key.group(), q.key.topic())) {
                    waiters.wake(q.key.group(), q.key.topic());
                }
            }
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "revive check skipped: the reader executor is shut down");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "pop revive check failed; will run again", e);
        }
    }

    private void wake(String group, String topic) {
        waiters.wake(group, topic);
    }

    private void snapshotQuietly() {
        try {
            table.writeSnapshot();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "could not write the pop snapshot; will try again", e);
        }
    }

    // ---- checks -------------------------------------------------------------------------------------------------

    private QueueState existingState(String group, String topic, ReceiptHandle handle) {
        QueueKey key = new QueueKey(group, topic, handle.queueId());
        return table.find(key).orElseThrow(() -> notInFlight(key, handle.queueOffset()));
    }

    /** The in-flight entry a handle names, if the handle is its current, unexpired one. Holding the lock. */
    private InFlight current(QueueState q, ReceiptHandle handle) {
        InFlight e = q.get(handle.queueOffset());
        if (e == null || e.commitLogOffset != handle.commitLogOffset()) {
            throw notInFlight(q.key, handle.queueOffset());
        }
        if (e.revision != handle.revision()) {
            throw new BrokerException(Reason.NOT_FOUND, "stale receipt handle for " + q.key + " offset "
                    + e.queueOffset + ": the message was delivered again or its invisible time changed since "
                    + "the handle was issued (it is now on delivery attempt " + e.attempt + ")");
        }
        if (clock.millis() >= e.visibleAtMillis()) {
            throw new BrokerException(Reason.NOT_FOUND, "expired receipt handle for " + q.key + " offset "
                    + e.queueOffset + ": its invisible time ended at " + Instant.ofEpochMilli(e.visibleAtMillis())
                    + " and the message will be delivered again");
        }
        return e;
    }

    private static BrokerException notInFlight(QueueKey key, long offset) {
        return new BrokerException(Reason.NOT_FOUND, "no message of " + key + " is in flight at offset " + offset
                + ": it was acknowledged, dead-lettered or reset, or never delivered");
    }

    private void checkOpen() {
        if (closed) {
            throw new BrokerException(Reason.SERVICE_NOT_AVAILABLE, "the pop service is closed");
        }
    }

    private void checkGroup(String group) {
        GroupConfig config;
        try {
            config = groups.findOrAutoCreate(group);
        } catch (IllegalArgumentException e) {
            throw new BrokerException(Reason.SUBSCRIPTION_GROUP_NOT_EXIST, e.getMessage());
        }
        if (!config.consumeEnable()) {
            throw new BrokerException(Reason.NO_PERMISSION, "consumer group " + group
                    + " may not consume: consumeEnable is off");
        }
    }

    private void checkReadable(String topic) {
        TopicConfig config = topics.find(topic).orElseThrow(() -> new BrokerException(Reason.TOPIC_NOT_EXIST,
                "topic " + topic + " does not exist"));
        if (SystemTopics.isInternal(topic)) {
            throw new BrokerException(Reason.NO_PERMISSION, "topic " + topic + " belongs to the broker");
        }
        if (!Permission.readable(config.perm())) {
            throw new BrokerException(Reason.NO_PERMISSION, "topic " + topic + " is not readable (permission "
                    + Permission.describe(config.perm()) + ")");
        }
    }

    /** How often the group's messages are delivered at most: the first delivery and its retries. */
    private int maxDeliveries(String group) {
        int retries = groups.find(group).map(GroupConfig::retryMaxTimes).orElse(GroupConfig.DEFAULT_RETRY_MAX_TIMES);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, retries) + 1L);
    }

    private static long invisibleMillis(Duration d) {
        if (d == null || d.toMillis() < 1 || d.compareTo(MAX_INVISIBLE_TIME) > 0) {
            throw new IllegalArgumentException("invisibleTime must be between 1 ms and " + MAX_INVISIBLE_TIME
                    + ", not " + d);
        }
        return d.toMillis();
    }

    static BrokerException failure(String what, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof BrokerException b) {
            return new BrokerException(b.reason(), what + " could not be stored: " + b.getMessage());
        }
        return new BrokerException(Reason.SYSTEM_ERROR, what + " could not be stored: " + cause);
    }
}
