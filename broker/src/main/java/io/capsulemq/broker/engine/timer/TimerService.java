package io.capsulemq.broker.engine.timer;

import io.capsulemq.broker.store.ArrivalListener;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;
import io.capsulemq.broker.store.retention.QueueFloor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import static io.capsulemq.broker.engine.timer.TimerMessages.TIMER_QUEUE_ID;
import static io.capsulemq.broker.engine.timer.TimerMessages.TIMER_TOPIC;

/**
 * Delivers timed messages when they are due. One thread follows the timer topic's queue from its own persisted
 * read offset (woken by the store's arrival listener), puts each timer record into the {@link PersistentWheel}, and
 * when a slot is due reads each of its records back from the commit log and stores it, {@link TimerMessages#unwrap
 * unwrapped}, in its real topic and queue.
 *
 * <h2>Exactly once, across clean stops and crashes</h2>
 * Assumed: a put that completed is durable: true for any put under SYNC flush, and under ASYNC flush for a crash of
 * the process (the page cache survives it) but not of the machine.
 * <ol>
 * <li><b>None scheduled twice.</b> The timer queue is the truth of what is to be scheduled. Records are read in
 * queue order and each becomes one {@code SCHEDULE} record in the timer log, which carries its queue offset. After a
 * crash the read offset is the checkpoint's, or one past the last {@code SCHEDULE} in the intact log, whichever is
 * later, so every queue offset is scheduled exactly once, in the log's intact prefix or after it.</li>
 * <li><b>None lost from the wheel.</b> The wheel file only names log records that were forced, and every change
 * after the checkpoint is rebuilt from the log (see {@link WheelReplay}); the log's intact prefix is exactly what
 * the wheel is made to describe.</li>
 * <li><b>None fired twice.</b> A slot is marked done ({@code SLOT_DONE}) only after every put of its due messages
 * completed, so a done slot is never fired again. Before a slot at or past the fire horizon fires, a checkpoint
 * raising the horizon is made durable; so after a crash only the slots between the first not-done slot and the
 * durable horizon (a bounded number of entries, {@link TimerConfig#fireAheadBudget()}) can have fired anything.
 * For their entries the store is asked, once its dispatch has caught up (so its index holds every put), whether it
 * holds a message of the real topic with the same unique id and {@code TIMER_ORIGIN_OFFSET} naming that timer
 * record; if so, it is not put again. An entry the timer is about to
 * move on ({@code ROLL}) is never fired from that slot, and the moves of an unfinished slot are cut from the log.</li>
 * <li><b>None fired early.</b> An entry sits in the slot whose end is at or after its due time and a slot fires
 * only when the clock has reached that end; one due during downtime fires as soon as the timer catches up.</li>
 * </ol>
 * A clean close finishes the slot in hand and lowers the horizon to the first not-done slot, so the next start asks
 * the store nothing. A machine crash under ASYNC flush can lose what the store had not forced: timer records that
 * were already scheduled are then found missing when due and dropped (logged, counted), and messages fired just
 * before the crash may be lost with the rest of the store's tail.
 *
 * <h2>Retention</h2>
 * Whoever opens the timer registers {@link #lowestNeededCommitLogOffset} as a retention guard with the store (the
 * broker does, before the timer opens), so a record the timer will still read is never deleted for its age, however
 * far ahead it is due. Only a disk fuller than the store allows overrides that; the records then lost are found
 * missing when due, and each is dropped with an error naming it.
 *
 * <p>Heap use does not grow with the number of pending messages: entries live in the mapped wheel and log.
 */
public final class TimerService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TimerService.class.getName());
    private static final int READ_BATCH = 256;
    private static final int MAX_SCHEDULED_PER_STEP = 8192;
    private static final int MAX_EMPTY_SLOTS_PER_STEP = 100_000;
    private static final long IDLE_PARK_MILLIS = 100;
    private static final long RETRY_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Duration DISPATCH_WAIT = Duration.ofSeconds(10);

    private final MessageStore store;
    private final TimerConfig config;
    private final Clock clock;
    private final PersistentWheel wheel;
    private final SlotFiring firing;
    private final Wake wake;
    private final ReentrantLock lock = new ReentrantLock();
    private final Thread thread;
    private final long aheadSlots;
    private volatile boolean running = true;
    private volatile boolean halted;
    private volatile long pendingSnapshot;
    /** Written before {@link #readOffsetSnapshot}, which the retention guard reads first. */
    private volatile long pendingFloorSnapshot = Long.MAX_VALUE;
    private volatile long readOffsetSnapshot;
    private volatile long nextDueMillis;
    /** The clock reading up to which every due entry scheduled by then has fired. */
    private volatile long caughtUpMillis = Long.MIN_VALUE;
    private boolean closed;
    /** Slots below this are checked against the store before firing (crash recovery, or an unknown put). */
    private long verifyBelow;
    private long lastCheckpointNanos = System.nanoTime();
    private long pausedUntilNanos;

    /** Forwards arrivals on the timer topic; emptied on close, as the store cannot remove a listener. */
    private static final class Wake implements ArrivalListener {
        volatile Thread target;

        @Override
        public void onArrival(String topic, int queueId, long queueOffset, long tagsCode) {
            Thread t = target;
            if (t != null && TIMER_TOPIC.equals(topic)) {
                LockSupport.unpark(t);
            }
        }
    }

    private TimerService(MessageStore store, TimerConfig config, Clock clock, PersistentWheel wheel) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.wheel = wheel;
        this.firing = new SlotFiring(store, () -> halted);
        this.wake = new Wake();
        this.verifyBelow = wheel.recoveredHorizon();
        this.aheadSlots = Math.max(1, config.checkpointInterval().toMillis() / config.precisionMillis());
        this.thread = new Thread(this::run, "capsule-timer");
        this.thread.setDaemon(true);
        publish();
    }

    /**
     * Opens the timer in {@link TimerConfig#dir()} over an open store, recovering after a stop of either kind, and
     * starts its thread. {@code clock} tells the time messages are due against. Open it after the store and before
     * timed messages are accepted: if the store came back shorter than the timer had read, the timer reads again
     * from where the store now ends.
     */
    public static TimerService open(MessageStore store, TimerConfig config, Clock clock) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        PersistentWheel wheel;
        try {
            wheel = PersistentWheel.open(config, store.minOffset(TIMER_TOPIC, TIMER_QUEUE_ID), clock.millis());
            long queueEnd = store.maxOffset(TIMER_TOPIC, TIMER_QUEUE_ID);
            if (queueEnd < wheel.readOffset()) {
                LOG.log(System.Logger.Level.ERROR, "the timer queue ends at {0}, before the {1} records the timer "
                        + "already read: the store lost its tail; reading again from there", queueEnd,
                        wheel.readOffset());
                wheel.rewindReadOffset(queueEnd);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the timer at " + config.dir() + ": " + e.getMessage(), e);
        }
        TimerService service = new TimerService(store, config, clock, wheel);
        LOG.log(System.Logger.Level.INFO, "timer at {0} opened: {1} pending, reading the timer queue from {2}, "
                        + "{3} slot(s) to check against the store", config.dir(), wheel.pending(), wheel.readOffset(),
                Math.max(0, wheel.recoveredHorizon() - wheel.firedSlot()));
        service.wake.target = service.thread;
        store.addArrivalListener(service.wake);
        service.thread.start();
        return service;
    }

    /** Timed messages waiting to be delivered. */
    public long pendingCount() {
        return pendingSnapshot;
    }

    public TimerStats stats() {
        return new TimerStats(pendingSnapshot, firing.firedCount(), firing.deduplicatedCount(),
                firing.droppedCount(), readOffsetSnapshot);
    }

    /**
     * Up to {@code max} waiting messages, roughly in due order (entries beyond the wheel's span show where they
     * wait for now). Waits while the timer is busy with a slot.
     */
    public List<PendingTimer> listPending(int max) {
        List<TimerRecord> entries = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return List.of();
            }
            long seen = 0;
            long pending = wheel.pending();
            long first = wheel.firedSlot();
            for (long t = first; t < first + wheel.slots() && entries.size() < max && seen < pending; t++) {
                SlotState slot = wheel.slotAt(t);
                if (slot == null) {
                    continue;
                }
                seen += slot.count();
                wheel.forEachEntry(slot, r -> {
                    if (entries.size() < max) {
                        entries.add(r);
                    }
                });
            }
        } finally {
            lock.unlock();
        }
        List<PendingTimer> listed = new ArrayList<>(entries.size());
        for (TimerRecord r : entries) {
            Optional<StoredMessage> m = store.lookAt(r.commitLogOffset());
            if (m.isEmpty() || !TIMER_TOPIC.equals(m.get().topic())) {
                continue;
            }
            String id = m.get().uniqueId() != null ? m.get().uniqueId() : m.get().offsetMessageId();
            String queue = m.get().property(MessageProperties.REAL_QUEUE_ID);
            listed.add(new PendingTimer(m.get().property(MessageProperties.REAL_TOPIC),
                    queue == null ? -1 : Integer.parseInt(queue), id, r.dueMillis()));
        }
        return listed;
    }

    /** Makes the timer look at its queue and the clock now (tests that move a clock use this). */
    public void wakeUp() {
        LockSupport.unpark(thread);
    }

    private void run() {
        while (running) {
            boolean worked = false;
            lock.lock();
            try {
                worked = step();
            } catch (CancellationException halt) {
                break;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "timer step failed; trying again in a second", e);
                pausedUntilNanos = System.nanoTime() + RETRY_PAUSE_NANOS;
            } finally {
                publish();
                lock.unlock();
            }
            if (!worked && running) {
                long wait = Math.max(1, Math.min(IDLE_PARK_MILLIS, nextDueMillis - clock.millis()));
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(wait));
            }
        }
    }

    /**
     * The lowest commit log offset the timer will still read: that of a pending entry's timer record (a cheap lower
     * bound, see {@link PendingFloor}) or of a timer record not read from the timer queue yet;
     * {@link Long#MAX_VALUE} never, since records still to come are needed too. What the store's retention guard
     * "timer" answers. Thread-safe; reads the timer queue's next record. It stays valid once the timer is closed:
     * it then names what the timer's next start needs.
     *
     * <p>It may lag, never lead: between two publications the timer only moves records from the queue into the
     * wheel (the read offset is read before the wheel's bound, so such a record is counted on one side or the
     * other), fires entries or moves them on under the offsets they had.
     */
    public long lowestNeededCommitLogOffset() {
        long unreadFrom = readOffsetSnapshot;
        long pendingFloor = pendingFloorSnapshot;
        return Math.min(pendingFloor, QueueFloor.lowestFrom(store, TIMER_TOPIC, TIMER_QUEUE_ID, unreadFrom));
    }

    private void publish() {
        pendingSnapshot = wheel.pending();
        pendingFloorSnapshot = wheel.lowestPendingCommitLogOffset();
        readOffsetSnapshot = wheel.readOffset();
        nextDueMillis = wheel.pending() == 0 ? Long.MAX_VALUE : wheel.dueMillisOf(wheel.firedSlot());
    }

    /**
     * The clock reading at which the timer last found nothing more due: every entry it had scheduled by then and due
     * by then has fired (tests wait on it after moving a clock).
     */
    long caughtUpTo() {
        return caughtUpMillis;
    }

    /** One round: schedule what arrived, fire what is due, checkpoint when it is time. True if it did work. */
    private boolean step() throws IOException {
        boolean worked = schedule();
        if (System.nanoTime() - pausedUntilNanos >= 0) {
            worked |= fireDue();
        }
        if (System.nanoTime() - lastCheckpointNanos >= config.checkpointInterval().toNanos()
                || wheel.changedSlots() >= PersistentWheel.MAX_CHANGED_SLOTS) {
            checkpoint();
        }
        return worked;
    }

    private void checkpoint() throws IOException {
        wheel.checkpoint();
        lastCheckpointNanos = System.nanoTime();
    }

    /** Puts newly arrived timer records into the wheel. */
    private boolean schedule() throws IOException {
        int scheduled = 0;
        while (scheduled < MAX_SCHEDULED_PER_STEP && running) {
            long from = wheel.readOffset();
            GetResult got = store.get(TIMER_TOPIC, TIMER_QUEUE_ID, from, READ_BATCH, MessageFilter.ALL);
            switch (got.status()) {
                case FOUND, NO_MATCHED_MESSAGE, OFFSET_FOUND_NULL -> {
                    for (StoredMessage m : got.messages()) {
                        if (m.queueOffset() >= wheel.readOffset()) {
                            wheel.schedule(m.queueOffset(), m.commitLogOffset(), m.storeSize(),
                                    TimerMessages.dueMillis(m));
                            scheduled++;
                        }
                    }
                    if (got.messages().size() < got.nextOffset() - from) {
                        LOG.log(System.Logger.Level.ERROR, "some timer records between queue offsets {0} and {1} "
                                + "are unreadable; they cannot be delivered", from, got.nextOffset());
                    }
                    wheel.skipTo(got.nextOffset());
                }
                case OFFSET_TOO_SMALL -> {
                    LOG.log(System.Logger.Level.ERROR, "timer records at queue offsets {0} to {1} were removed "
                            + "before the timer read them; they cannot be delivered", from, got.nextOffset() - 1);
                    wheel.skipTo(got.nextOffset());
                }
                case OFFSET_OVERFLOW_BADLY -> {
                    LOG.log(System.Logger.Level.ERROR, "the timer queue ends at {0}, before the {1} records the timer "
                            + "already read: the store lost its tail; reading again from there",
                            got.maxOffset(), from);
                    wheel.rewindReadOffset(got.maxOffset());
                    return scheduled > 0;
                }
                default -> {
                    return scheduled > 0;
                }
            }
        }
        return scheduled > 0;
    }

    /**
     * Fires due slots in order; returns after one non-empty slot so that scheduling keeps pace. The current slot is
     * never passed while empty: a record read after its due time then still lands in a slot that is due, and fires
     * on the next round rather than a slot later.
     */
    private boolean fireDue() throws IOException {
        long now = clock.millis();
        long dueSlot = wheel.dueSlotAt(now);
        int emptyPassed = 0;
        while (wheel.firedSlot() <= dueSlot && running) {
            long time = wheel.firedSlot();
            SlotState slot = wheel.slotAt(time);
            if (slot == null) {
                if (wheel.pending() == 0 || time == dueSlot) {
                    wheel.passEmptyUpTo(dueSlot);
                    break;
                }
                wheel.passEmptyUpTo(time + 1);
                if (++emptyPassed >= MAX_EMPTY_SLOTS_PER_STEP) {
                    return true;
                }
                continue;
            }
            if (time >= wheel.fireHorizon()) {
                wheel.extendHorizon(horizonFrom(time, dueSlot));
                lastCheckpointNanos = System.nanoTime();
            }
            boolean verify = time < verifyBelow;
            if (verify && !store.awaitDispatched(DISPATCH_WAIT)) {
                // The index may not hold every put yet; checking against it now could fire something twice.
                LOG.log(System.Logger.Level.WARNING, "the store's dispatch lags; timer slot {0} waits", time);
                pausedUntilNanos = System.nanoTime() + RETRY_PAUSE_NANOS;
                return true;
            }
            SlotFiring.Outcome outcome = firing.fire(wheel, slot, verify);
            if (outcome != SlotFiring.Outcome.COMPLETE) {
                if (outcome == SlotFiring.Outcome.RETRY_VERIFIED) {
                    verifyBelow = Math.max(verifyBelow, time + 1);
                }
                LOG.log(System.Logger.Level.WARNING, "the store refused some messages of timer slot {0}; trying "
                        + "again in a second", time);
                pausedUntilNanos = System.nanoTime() + RETRY_PAUSE_NANOS;
                return true;
            }
            wheel.completeSlot(slot);
            return true;
        }
        caughtUpMillis = now;
        return false;
    }

    /**
     * The next fire horizon: past {@code time}, over following slots while they hold at most the fire-ahead budget
     * of entries together and are due now or within a checkpoint interval.
     */
    private long horizonFrom(long time, long dueSlot) {
        long limit = Math.min(Math.max(time + 1, dueSlot + aheadSlots), time + wheel.slots());
        long horizon = time + 1;
        SlotState first = wheel.slotAt(time);
        long entries = first == null ? 0 : first.count();
        while (horizon < limit) {
            SlotState next = wheel.slotAt(horizon);
            int count = next == null ? 0 : next.count();
            if (entries + count > config.fireAheadBudget()) {
                break;
            }
            entries += count;
            horizon++;
        }
        return horizon;
    }

    /**
     * Stops the thread after the slot in hand, then checkpoints and closes the files. Leaves no thread behind.
     */
    @Override
    public void close() {
        if (!stopThread()) {
            return;
        }
        lock.lock();
        try {
            closed = true;
            wheel.close(!firing.hasIncompleteSlot());
            LOG.log(System.Logger.Level.INFO, "timer at {0} closed with {1} pending", config.dir(), wheel.pending());
        } catch (IOException e) {
            throw new UncheckedIOException("closing the timer at " + config.dir() + " failed", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops at once, mid-slot if need be, writing nothing more: what a crash leaves. For tests; may be called from
     * the timer's own thread (say from inside a put), which then stops at its next entry.
     */
    void halt() {
        halted = true;
        if (Thread.currentThread() == thread) {
            running = false;
            return;
        }
        if (!stopThread()) {
            return;
        }
        lock.lock();
        try {
            closed = true;
            wheel.abandon();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    /** Whether this call stopped the thread (false if it was already stopped by another). */
    private synchronized boolean stopThread() {
        if (wake.target == null) {
            return false;
        }
        wake.target = null;
        running = false;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
