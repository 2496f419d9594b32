package io.capsulemq.broker.store;

import io.capsulemq.broker.store.checkpoint.Checkpoint;
import io.capsulemq.broker.store.checkpoint.CheckpointFile;
import io.capsulemq.broker.store.checkpoint.StoreLock;
import io.capsulemq.broker.store.commitlog.CommitLog;
import io.capsulemq.broker.store.commitlog.CorruptRecordException;
import io.capsulemq.broker.store.commitlog.EncodeBuffers;
import io.capsulemq.broker.store.commitlog.RecordCodec;
import io.capsulemq.broker.store.commitlog.RecordDescriptor;
import io.capsulemq.broker.store.commitlog.RecordRejectedException;
import io.capsulemq.broker.store.dispatch.Dispatcher;
import io.capsulemq.broker.store.file.FileBackend;
import io.capsulemq.broker.store.flush.CommitLogFlusher;
import io.capsulemq.broker.store.index.IndexService;
import io.capsulemq.broker.store.message.MessageIds;
import io.capsulemq.broker.store.message.MessageProperties;
import io.capsulemq.broker.store.message.MessageSysFlag;
import io.capsulemq.broker.store.queue.ConsumeQueue;
import io.capsulemq.broker.store.queue.ConsumeQueueEntry;
import io.capsulemq.broker.store.queue.ConsumeQueues;
import io.capsulemq.broker.store.retention.DiskSpace;
import io.capsulemq.broker.store.retention.RetentionService;
import io.capsulemq.broker.store.retention.WriteGate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The journaled store: appends go to the commit log under one lock; a dispatcher thread builds consume queues
 * and the index behind it; a flusher forces the log (periodically, or per waiting put with group commit); a
 * scheduled task writes checkpoints and applies retention.
 */
public final class DefaultMessageStore implements MessageStore {
    private static final System.Logger LOG = System.getLogger(DefaultMessageStore.class.getName());
    /** How many consume queue entries one read looks through for filter matches before answering. */
    private static final int MAX_ENTRIES_SCANNED = 16_000;
    /**
     * How far ahead of the records the commit log writes zeros under synchronous flush, so that the fsync a put
     * waits for writes data only, not block allocations too (see {@link CommitLog#open(java.nio.file.Path, int,
     * FileBackend, int)}). Under asynchronous flush the fsync is nobody's wait, and the zeros would only double
     * what is written.
     */
    private static final int SYNC_ZERO_FILL_AHEAD = 256 * 1024;

    private final StoreConfig config;
    private final StoreLock storeLock;
    private final CheckpointFile checkpointFile;
    private final CommitLog log;
    private final ConsumeQueues queues;
    private final IndexService index;
    private final RecordCodec codec;
    private final InetSocketAddress storeHost;
    private final Dispatcher dispatcher;
    private final CommitLogFlusher flusher;
    private final WriteGate gate;
    private final RetentionService retention;
    private final ScheduledExecutorService scheduler;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final QueueOffsets queueOffsets = new QueueOffsets();
    private final AtomicLong appends = new AtomicLong();
    private final Object checkpointLock = new Object();
    /** Every record before this offset has its queue and index entries on disk; guarded by checkpointLock. */
    private long durableDispatched;
    private volatile long lastQueueFlushNanos = System.nanoTime();
    private volatile boolean open = true;
    private RecoveryReport recoveryReport;

    private DefaultMessageStore(StoreConfig config, StoreLock storeLock, CheckpointFile checkpointFile, CommitLog log,
                                ConsumeQueues queues, IndexService index, DiskSpace disk) {
        this.config = config;
        this.storeLock = storeLock;
        this.checkpointFile = checkpointFile;
        this.log = log;
        this.queues = queues;
        this.index = index;
        this.storeHost = storeHost(config);
        this.codec = new RecordCodec(config.maxMessageSize(), storeHost);
        this.dispatcher = new Dispatcher(log, largestRecord(config), queues, index);
        this.gate = new WriteGate(disk, config.diskFullRatio(), config.minFreeBytes());
        Duration flushInterval = config.flushMode() == FlushMode.SYNC
                ? Duration.ofMillis(10) : config.asyncFlushInterval();
        this.flusher = new CommitLogFlusher(log, flushInterval, config.syncFlushTimeout(), gate::writeFailed);
        this.retention = new RetentionService(log, queues, index, disk, config.fileReservedTime(),
                config.diskMaxUsedRatio(), config.clock());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capsule-store-maintenance");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens (creating or recovering) the store described by {@code config} on the local disk. */
    public static DefaultMessageStore open(StoreConfig config) {
        return open(config, FileBackend.LOCAL, null);
    }

    /**
     * Opens the store with a given file back end and view of free space (tests use these to play failures);
     * a null {@code disk} means the real file system's.
     */
    public static DefaultMessageStore open(StoreConfig config, FileBackend backend, DiskSpace disk) {
        StoreLock lock = null;
        CheckpointFile checkpoint = null;
        CommitLog log = null;
        try {
            lock = StoreLock.acquire(config.rootDir());
            checkpoint = CheckpointFile.open(config.rootDir());
            log = CommitLog.open(config.commitLogDir(), config.commitLogSegmentSize(), backend,
                    config.flushMode() == FlushMode.SYNC ? SYNC_ZERO_FILL_AHEAD : 0);
            ConsumeQueues queues = new ConsumeQueues(config.consumeQueueDir(), config.consumeQueueEntriesPerSegment());
            queues.loadAll();
            IndexService index = new IndexService(config.indexDir(), config.indexHashSlots(),
                    config.indexEntriesPerFile());
            index.load();
            DefaultMessageStore store = new DefaultMessageStore(config, lock, checkpoint, log, queues, index,
                    disk != null ? disk : DiskSpace.of(config.rootDir()));
            store.recover();
            store.start();
            return store;
        } catch (IOException | RuntimeException e) {
            if (log != null) {
                log.close();
            }
            try {
                if (checkpoint != null) {
                    checkpoint.close();
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (lock != null) {
                try {
                    lock.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot open the store at " + config.rootDir() + ": " + io.getMessage(),
                        io);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Replays the log from the checkpoint's dispatched point: consume queues and index past it are cut back and
     * rebuilt from checked records; the first record that fails its checks ends the log, and after a crash what
     * follows it is zeroed. The work is proportional to what was written since the last queue flush, not to the
     * size of the store.
     */
    private void recover() throws IOException {
        long started = System.nanoTime();
        Checkpoint checkpoint = checkpointFile.last();
        long from = Math.max(checkpoint.dispatched(), log.minOffset());
        if (from > log.physicalEnd()) {
            LOG.log(System.Logger.Level.ERROR, "checkpoint points at {0} but the log ends at {1}; files are missing",
                    from, log.physicalEnd());
            from = log.physicalEnd();
        }
        queues.truncateAllFrom(from);
        index.truncateFrom(from);
        long end = dispatcher.recover(from);
        if (end < checkpoint.commitLogFlushed()) {
            LOG.log(System.Logger.Level.ERROR, "the log ends at {0} ({1}), before the flushed point {2} the "
                    + "checkpoint recorded: data that was on disk is damaged", end, dispatcher.recoveryStopReason(),
                    checkpoint.commitLogFlushed());
        }
        log.recoverTo(end, !storeLock.previousShutdownClean());
        queues.truncateAllFrom(end);
        queues.correctAllMinOffsets(log.minOffset());
        for (ConsumeQueue queue : queues.all()) {
            queueOffsets.set(queue.topic(), queue.queueId(), queue.maxOffset());
        }
        recoveryReport = new RecoveryReport(storeLock.previousShutdownClean(), from, end,
                dispatcher.recoveryStopReason(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        LOG.log(System.Logger.Level.INFO, "store at {0} opened after {1} shutdown: replayed {2} bytes from {3} in "
                        + "{4} ms; log ends at {5} ({6})", config.rootDir(),
                recoveryReport.previousShutdownClean() ? "a clean" : "an unclean", recoveryReport.replayedBytes(),
                from, recoveryReport.millis(), end, recoveryReport.stopReason());
        writeCheckpoint(true);
    }

    private void start() {
        dispatcher.start();
        flusher.start();
        long checkpointMillis = config.checkpointInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::checkpointQuietly, checkpointMillis, checkpointMillis,
                TimeUnit.MILLISECONDS);
        long cleanMillis = config.cleanInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::cleanQuietly, cleanMillis, cleanMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<PutResult> putAsync(MessageToStore message) {
        return putBatchAsync(List.of(message));
    }

    @Override
    public CompletableFuture<PutResult> putBatchAsync(List<MessageToStore> batch) {
        PutResult refusal = checkWritable(batch);
        if (refusal != null) {
            return CompletableFuture.completedFuture(refusal);
        }
        ByteBuffer buf;
        int[] starts = new int[batch.size()];
        boolean[] queued = new boolean[batch.size()];
        try {
            int total = 0;
            for (MessageToStore m : batch) {
                total += RecordCodec.encodedLength(m);
            }
            if (total + RecordDescriptor.BLANK_LENGTH > log.segmentSize()) {
                return CompletableFuture.completedFuture(PutResult.refused(PutStatus.MESSAGE_ILLEGAL,
                        "batch of " + total + " bytes does not fit in a commit log segment of " + log.segmentSize()));
            }
            buf = EncodeBuffers.of(total);
            for (int i = 0; i < batch.size(); i++) {
                starts[i] = buf.position();
                queued[i] = MessageSysFlag.isQueued(batch.get(i).sysFlag());
                codec.encode(batch.get(i), buf);
            }
        } catch (RecordRejectedException e) {
            return CompletableFuture.completedFuture(PutResult.refused(e.status(), e.getMessage()));
        }
        PutResult result = append(batch.get(0).topic(), batch.get(0).queueId(), buf.flip(), starts, queued);
        if (!result.isOk() || config.flushMode() == FlushMode.ASYNC) {
            return CompletableFuture.completedFuture(result);
        }
        return flusher.whenFlushed(result.commitLogOffset() + buf.limit(), result);
    }

    private PutResult checkWritable(List<MessageToStore> batch) {
        if (!open) {
            return PutResult.refused(PutStatus.SERVICE_NOT_AVAILABLE, "the store is closed");
        }
        if (batch.isEmpty()) {
            return PutResult.refused(PutStatus.MESSAGE_ILLEGAL, "empty batch");
        }
        MessageToStore first = batch.get(0);
        for (MessageToStore m : batch) {
            if (!m.topic().equals(first.topic()) || m.queueId() != first.queueId()) {
                return PutResult.refused(PutStatus.MESSAGE_ILLEGAL, "a batch must go to one queue; found "
                        + first.topic() + "/" + first.queueId() + " and " + m.topic() + "/" + m.queueId());
            }
        }
        return gate.refusal();
    }

    /**
     * Places sealed records in the log: position, queue offsets, store time, CRC, write, publish. Only records the
     * dispatcher puts in the consume queue ({@code queued}) take a queue offset; the others get 0, so the queue has
     * no gap where they are.
     */
    private PutResult append(String topic, int queueId, ByteBuffer records, int[] starts, boolean[] queued) {
        long position;
        long queueOffset;
        long storeTimestamp;
        appendLock.lock();
        try {
            position = log.positionFor(records.limit());
            queueOffset = queueOffsets.peek(topic, queueId);
            storeTimestamp = System.currentTimeMillis();
            long next = queueOffset;
            for (int i = 0; i < starts.length; i++) {
                RecordCodec.seal(records, starts[i], queued[i] ? next++ : 0, position + starts[i], storeTimestamp);
            }
            log.write(records, position);
            queueOffsets.advance(topic, queueId, (int) (next - queueOffset));
            log.publish(position + records.limit());
        } catch (IOException e) {
            gate.writeFailed(e);
            return gate.lastErrorRefusal();
        } finally {
            appendLock.unlock();
        }
        appends.addAndGet(starts.length);
        byte[] address = storeHost.getAddress().getAddress();
        List<String> ids = new ArrayList<>(starts.length);
        for (int start : starts) {
            ids.add(MessageIds.offsetMessageId(address, storeHost.getPort(), position + start));
        }
        return new PutResult(PutStatus.PUT_OK, null, position, queueOffset, starts.length, ids, storeTimestamp);
    }

    @Override
    public GetResult get(String topic, int queueId, long offset, int maxCount, MessageFilter filter) {
        if (!open) {
            return GetResult.empty(GetStatus.SERVICE_NOT_AVAILABLE, offset, 0, 0);
        }
        Optional<ConsumeQueue> found = queues.find(topic, queueId);
        if (found.isEmpty()) {
            return GetResult.empty(GetStatus.NO_MATCHED_LOGIC_QUEUE, 0, 0, 0);
        }
        ConsumeQueue queue = found.get();
        long min = queue.minOffset();
        long max = queue.maxOffset();
        if (max == 0) {
            return GetResult.empty(GetStatus.NO_MESSAGE_IN_QUEUE, 0, min, max);
        }
        if (offset < min) {
            return GetResult.empty(GetStatus.OFFSET_TOO_SMALL, min, min, max);
        }
        if (offset == max) {
            return GetResult.empty(GetStatus.OFFSET_OVERFLOW_ONE, offset, min, max);
        }
        if (offset > max) {
            return GetResult.empty(GetStatus.OFFSET_OVERFLOW_BADLY, max, min, max);
        }
        List<StoredMessage> messages = new ArrayList<>(Math.min(maxCount, 32));
        long next = offset;
        int unreadable = 0;
        int scanned = 0;
        while (messages.size() < maxCount && next < max && scanned < MAX_ENTRIES_SCANNED) {
            List<ConsumeQueueEntry> entries = queue.entries(next, Math.max(maxCount - messages.size(), 32));
            if (entries.isEmpty()) {
                break;
            }
            for (ConsumeQueueEntry entry : entries) {
                if (messages.size() >= maxCount) {
                    break;
                }
                next = entry.queueOffset() + 1;
                scanned++;
                if (!filter.matchesTagsCode(entry.tagsCode())) {
                    continue;
                }
                Optional<StoredMessage> message = readChecked(entry.commitLogOffset(), entry.size());
                if (message.isEmpty()) {
                    unreadable++;
                } else if (filter.matches(message.get())) {
                    messages.add(message.get());
                }
            }
        }
        GetStatus status = !messages.isEmpty() ? GetStatus.FOUND
                : unreadable > 0 ? GetStatus.OFFSET_FOUND_NULL : GetStatus.NO_MATCHED_MESSAGE;
        return new GetResult(status, List.copyOf(messages), next, min, max);
    }

    /** A record read and checked; empty (and logged) when removed by retention or failing its checks. */
    private Optional<StoredMessage> readChecked(long offset, int size) {
        if (offset < log.minOffset()) {
            return Optional.empty();
        }
        try {
            return Optional.of(log.read(offset, size));
        } catch (CorruptRecordException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "record at " + offset + " could not be read", e);
            return Optional.empty();
        }
    }

    @Override
    public long minOffset(String topic, int queueId) {
        return queues.find(topic, queueId).map(ConsumeQueue::minOffset).orElse(0L);
    }

    @Override
    public long maxOffset(String topic, int queueId) {
        return queues.find(topic, queueId).map(ConsumeQueue::maxOffset).orElse(0L);
    }

    @Override
    public long offsetByTimestamp(String topic, int queueId, long timestampMillis) {
        return queues.find(topic, queueId)
                .map(q -> q.firstOffsetMatching(e -> readChecked(e.commitLogOffset(), e.size())
                        .map(m -> m.storeTimestamp() >= timestampMillis).orElse(false)))
                .orElse(0L);
    }

    @Override
    public Optional<StoredMessage> lookAt(long commitLogOffset) {
        try {
            return Optional.of(log.read(commitLogOffset));
        } catch (CorruptRecordException e) {
            LOG.log(System.Logger.Level.DEBUG, e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<StoredMessage> lookUpByOffsetId(String offsetMessageId) {
        return lookAt(MessageIds.decodeOffsetMessageId(offsetMessageId).commitLogOffset());
    }

    @Override
    public List<StoredMessage> lookUpByUniqueId(String topic, String uniqueId, long beginMillis, long endMillis) {
        return lookUp(topic, uniqueId, Integer.MAX_VALUE, beginMillis, endMillis,
                m -> uniqueId.equals(m.uniqueId()));
    }

    @Override
    public List<StoredMessage> lookUpByKey(String topic, String key, int maxCount, long beginMillis, long endMillis) {
        return lookUp(topic, key, maxCount, beginMillis, endMillis, m -> hasKey(m, key));
    }

    private List<StoredMessage> lookUp(String topic, String key, int maxCount, long begin, long end,
                                       java.util.function.Predicate<StoredMessage> exact) {
        Map<Long, StoredMessage> found = new LinkedHashMap<>();
        index.query(topic, key, maxCount, begin, end, offset -> {
            Optional<StoredMessage> m = lookAt(offset);
            boolean accept = m.isPresent() && m.get().topic().equals(topic) && exact.test(m.get())
                    && m.get().storeTimestamp() >= begin && m.get().storeTimestamp() <= end;
            if (accept) {
                found.put(offset, m.get());
            }
            return accept;
        });
        return List.copyOf(found.values());
    }

    private static boolean hasKey(StoredMessage m, String key) {
        String keys = m.property(MessageProperties.KEYS);
        return keys != null && Arrays.asList(keys.split(MessageProperties.KEY_SEPARATOR)).contains(key)
                || key.equals(m.uniqueId());
    }

    @Override
    public void deleteTopic(String topic) {
        appendLock.lock();
        try {
            // No append can start now; let dispatch finish what was appended so it cannot recreate the queues.
            dispatcher.awaitDispatched(TimeUnit.SECONDS.toMillis(30));
            queues.deleteTopic(topic);
            queueOffsets.removeTopic(topic);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the queues of topic " + topic, e);
        } finally {
            appendLock.unlock();
        }
    }

    @Override
    public void addArrivalListener(ArrivalListener listener) {
        dispatcher.addListener(listener);
    }

    @Override
    public void addRetentionGuard(String name, LongSupplier lowestNeededOffset) {
        retention.addGuard(name, lowestNeededOffset);
    }

    @Override
    public long minCommitLogOffset() {
        return log.minOffset();
    }

    @Override
    public long maxCommitLogOffset() {
        return log.writePosition();
    }

    /** What opening this store found and replayed. */
    public RecoveryReport recoveryReport() {
        return recoveryReport;
    }

    /** Records appended since open. */
    public long appendCount() {
        return appends.get();
    }

    /** Commit log fsyncs since open; appends per fsync is the group-commit batch. */
    public long syncFlushCount() {
        return flusher.fsyncCount();
    }

    /** Waits until every message put before this call is visible to readers; false on timeout. */
    @Override
    public boolean awaitDispatched(Duration timeout) {
        return dispatcher.awaitDispatched(timeout.toMillis());
    }

    /** Runs one retention round now; returns how many segments it deleted. */
    public int cleanNow() throws IOException {
        return retention.clean();
    }

    /**
     * Forces the log and records the checkpoint. With {@code flushQueues}, consume queues and index are forced
     * first up to what is dispatched, and the checkpoint's replay point moves up to it; otherwise the replay point
     * stays where the last queue flush left it. After a crash, recovery replays only what follows that point.
     */
    public void writeCheckpoint(boolean flushQueues) throws IOException {
        synchronized (checkpointLock) {
            if (flushQueues) {
                long dispatched = dispatcher.dispatchedPosition();
                queues.flushAll();
                index.flush();
                durableDispatched = dispatched;
                lastQueueFlushNanos = System.nanoTime();
            }
            long flushed = log.flush();
            checkpointFile.write(new Checkpoint(flushed, Math.min(durableDispatched, flushed),
                    System.currentTimeMillis()));
        }
    }

    private void checkpointQuietly() {
        try {
            writeCheckpoint(System.nanoTime() - lastQueueFlushNanos >= config.queueFlushInterval().toNanos());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "checkpoint failed", e);
        }
    }

    private void cleanQuietly() {
        try {
            retention.clean();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "retention round failed", e);
        }
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        appendLock.lock();
        appendLock.unlock();
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flusher.close();
        dispatcher.close();
        try {
            writeCheckpoint(true);
            queues.close();
            index.close();
            log.close();
            checkpointFile.close();
            storeLock.releaseClean();
            LOG.log(System.Logger.Level.INFO, "store at {0} closed cleanly", config.rootDir());
        } catch (IOException e) {
            throw new UncheckedIOException("closing the store at " + config.rootDir() + " failed", e);
        }
    }

    private static InetSocketAddress storeHost(StoreConfig config) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(config.storeHostAddress()), config.storeHostPort());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad store host address", e);
        }
    }

    private static int largestRecord(StoreConfig config) {
        return RecordDescriptor.recordLength(config.maxMessageSize(), RecordDescriptor.MAX_TOPIC_LENGTH,
                RecordDescriptor.MAX_PROPERTIES_LENGTH);
    }
}
