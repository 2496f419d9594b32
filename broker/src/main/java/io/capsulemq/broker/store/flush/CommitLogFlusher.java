package io.capsulemq.broker.store.flush;

import io.capsulemq.broker.store.PutResult;
import io.capsulemq.broker.store.PutStatus;
import io.capsulemq.broker.store.commitlog.CommitLog;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Forces the commit log to disk on one thread. It wakes every {@code interval} (asynchronous flush) or as soon as
 * a put waits for its fsync (synchronous flush); either way one fsync covers everything written before it began,
 * so puts that arrive while an fsync runs share the next one (group commit). A put's wait is a future, never a
 * thread. A second thread answers the puts that waited longer than the timeout, even while an fsync hangs: it
 * looks a few times per timeout rather than keeping a timer per put.
 */
public final class CommitLogFlusher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CommitLogFlusher.class.getName());
    /** A put is answered FLUSH_DISK_TIMEOUT at most a tenth of the timeout late. */
    private static final long CHECKS_PER_TIMEOUT = 10;
    private static final long MIN_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final CommitLog log;
    private final Duration interval;
    private final Duration timeout;
    private final Consumer<IOException> onFailure;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wanted = lock.newCondition();
    private final List<Waiter> waiters = new ArrayList<>();
    private final AtomicLong fsyncs = new AtomicLong();
    private final Thread thread;
    private final ScheduledExecutorService overdueCheck;
    private volatile boolean running = true;

    /**
     * @param interval  how long the thread sleeps when nobody waits
     * @param timeout   how long a put waits for its fsync before it is answered FLUSH_DISK_TIMEOUT
     * @param onFailure told of a failed fsync (the store stops taking writes for a while)
     */
    public CommitLogFlusher(CommitLog log, Duration interval, Duration timeout, Consumer<IOException> onFailure) {
        this.log = log;
        this.interval = interval;
        this.timeout = timeout;
        this.onFailure = onFailure;
        this.thread = new Thread(this::run, "capsule-commitlog-flusher");
        this.thread.setDaemon(true);
        this.overdueCheck = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capsule-commitlog-flush-timeouts");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        thread.start();
        long period = Math.max(MIN_CHECK_NANOS, timeout.toNanos() / CHECKS_PER_TIMEOUT);
        overdueCheck.scheduleWithFixedDelay(this::answerOverdue, period, period, TimeUnit.NANOSECONDS);
    }

    /**
     * Completes with {@code result} once every byte before {@code end} is on disk, or with FLUSH_DISK_TIMEOUT when
     * that takes longer than the timeout.
     */
    public CompletableFuture<PutResult> whenFlushed(long end, PutResult result) {
        CompletableFuture<PutResult> future = new CompletableFuture<>();
        if (log.flushedPosition() >= end) {
            future.complete(result);
            return future;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            waiters.add(new Waiter(end, result, future, deadline));
            wanted.signal();
        } finally {
            lock.unlock();
        }
        return future;
    }

    /** Answers FLUSH_DISK_TIMEOUT to every put whose wait passed the timeout. */
    private void answerOverdue() {
        long now = System.nanoTime();
        List<Waiter> overdue = new ArrayList<>();
        lock.lock();
        try {
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (now - w.deadline >= 0) {
                    overdue.add(w);
                    it.remove();
                }
            }
        } finally {
            lock.unlock();
        }
        for (Waiter w : overdue) {
            w.future.complete(w.result.withStatus(PutStatus.FLUSH_DISK_TIMEOUT,
                    "written but not confirmed on disk within " + timeout.toMillis() + " ms"));
        }
    }

    /** How many fsyncs this flusher has done. */
    public long fsyncCount() {
        return fsyncs.get();
    }

    private void run() {
        while (running) {
            lock.lock();
            try {
                if (waiters.isEmpty() && running) {
                    wanted.await(interval.toNanos(), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            flushOnce();
        }
        flushOnce();
    }

    private void flushOnce() {
        long before = log.flushedPosition();
        try {
            long flushed = log.flush();
            if (flushed > before) {
                fsyncs.incrementAndGet();
            }
            completeUpTo(flushed, null);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "fsync of the commit log failed", e);
            onFailure.accept(e);
            completeUpTo(Long.MAX_VALUE, e);
        }
    }

    private void completeUpTo(long flushed, IOException failure) {
        List<Waiter> done = new ArrayList<>();
        lock.lock();
        try {
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.end <= flushed) {
                    done.add(w);
                    it.remove();
                }
            }
        } finally {
            lock.unlock();
        }
        for (Waiter w : done) {
            w.future.complete(failure == null ? w.result
                    : w.result.withStatus(PutStatus.FLUSH_DISK_TIMEOUT, "written but fsync failed: " + failure));
        }
    }

    /** Flushes what is left and stops the threads. */
    @Override
    public void close() {
        overdueCheck.shutdownNow();
        running = false;
        lock.lock();
        try {
            wanted.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Waiter(long end, PutResult result, CompletableFuture<PutResult> future, long deadline) {
    }
}
