package io.capsulemq.broker.store.dispatch;

import io.capsulemq.broker.store.ArrivalListener;
import io.capsulemq.broker.store.commitlog.CommitLog;
import io.capsulemq.broker.store.commitlog.CommitLogScanner;
import io.capsulemq.broker.store.commitlog.RecordView;
import io.capsulemq.broker.store.index.IndexService;
import io.capsulemq.broker.store.message.MessageProperties;
import io.capsulemq.broker.store.message.MessageSysFlag;
import io.capsulemq.broker.store.queue.ConsumeQueues;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Follows the commit log and builds what points into it: a consume queue entry per visible message and index
 * entries per key and unique id. Recovery replays the same {@link #dispatch} over the log's unflushed tail, and
 * both steps are idempotent, so replaying a record twice does no harm.
 */
public final class Dispatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long RETRY_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final CommitLog log;
    private final CommitLogScanner scanner;
    private final ConsumeQueues queues;
    private final IndexService index;
    private final RecordView view = new RecordView();
    private final List<ArrivalListener> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile long dispatched;
    private volatile boolean running = true;
    private volatile boolean parked;

    public Dispatcher(CommitLog log, int largestRecord, ConsumeQueues queues, IndexService index) {
        this.log = log;
        this.scanner = new CommitLogScanner(log, largestRecord);
        this.queues = queues;
        this.index = index;
        this.thread = new Thread(this::run, "capsule-dispatcher");
        this.thread.setDaemon(true);
    }

    /**
     * Replays checked records from {@code from} to the end of the intact log, before the thread starts. Returns
     * where the intact log ends; the scanner's {@link CommitLogScanner#stopReason()} says why.
     */
    public long recover(long from) throws IOException {
        dispatched = from;
        long end = scanner.scan(from, Long.MAX_VALUE, this::dispatch);
        dispatched = end;
        return end;
    }

    /** Listeners hear of live arrivals only, not of records replayed by {@link #recover}. */
    public void addListener(ArrivalListener listener) {
        listeners.add(listener);
    }

    public String recoveryStopReason() {
        return scanner.stopReason();
    }

    /** Every record before this offset has its consume queue and index entries. */
    public long dispatchedPosition() {
        return dispatched;
    }

    public void start() {
        thread.start();
    }

    /** Ends the idle park early, for a caller waiting on {@link #awaitDispatched}. */
    public void wakeUp() {
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    /** Waits until everything written before this call is dispatched; false on timeout. */
    public boolean awaitDispatched(long timeoutMillis) {
        long target = log.writePosition();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (dispatched < target) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            wakeUp();
            LockSupport.parkNanos(100_000);
        }
        return true;
    }

    private void run() {
        while (running) {
            long limit = log.writePosition();
            if (dispatched >= limit) {
                parked = true;
                if (dispatched >= log.writePosition() && running) {
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
                parked = false;
                continue;
            }
            try {
                long end = scanner.scan(dispatched, limit, this::dispatch);
                dispatched = end;
                if (end < limit) {
                    LOG.log(System.Logger.Level.ERROR, "dispatch is stuck at {0}: {1}", end, scanner.stopReason());
                    LockSupport.parkNanos(RETRY_PARK_NANOS);
                }
            } catch (IOException | RuntimeException e) {
                // The thread must outlive any one bad record or full disk: log, pause, try again.
                LOG.log(System.Logger.Level.ERROR, "dispatch failed at " + dispatched + "; will retry", e);
                LockSupport.parkNanos(RETRY_PARK_NANOS);
            }
        }
    }

    /** Builds the entries for one record. Prepared and rolled-back transactional messages get no queue entry. */
    private void dispatch(ByteBuffer buf, int start, long physicalOffset, int length) throws IOException {
        view.wrap(buf, start);
        String topic = view.topic();
        if (MessageSysFlag.isQueued(view.sysFlag())) {
            queues.findOrCreate(topic, view.queueId())
                    .put(view.queueOffset(), physicalOffset, length, view.tagsCode());
            for (ArrivalListener listener : listeners) {
                notify(listener, topic, view.queueId(), view.queueOffset(), view.tagsCode());
            }
        }
        List<String> keys = indexKeys(view.encodedProperties());
        if (!keys.isEmpty()) {
            index.index(physicalOffset, view.storeTimestamp(), topic, keys);
        }
        dispatched = physicalOffset + length;
    }

    private static void notify(ArrivalListener listener, String topic, int queueId, long queueOffset, long tagsCode) {
        try {
            listener.onArrival(topic, queueId, queueOffset, tagsCode);
        } catch (RuntimeException e) {
            // A listener's bug must not stop dispatch for everyone.
            LOG.log(System.Logger.Level.ERROR, "arrival listener failed", e);
        }
    }

    private static List<String> indexKeys(String properties) {
        List<String> keys = new ArrayList<>(2);
        String declared = MessageProperties.find(properties, MessageProperties.KEYS);
        if (declared != null) {
            for (String key : declared.split(MessageProperties.KEY_SEPARATOR)) {
                if (!key.isEmpty()) {
                    keys.add(key);
                }
            }
        }
        String unique = MessageProperties.find(properties, MessageProperties.UNIQUE_KEY);
        if (unique != null && !unique.isEmpty()) {
            keys.add(unique);
        }
        return keys;
    }

    /** Dispatches what is left and stops the thread. */
    @Override
    public void close() {
        awaitDispatched(TimeUnit.SECONDS.toMillis(30));
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
