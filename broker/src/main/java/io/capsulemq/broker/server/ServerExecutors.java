package io.capsulemq.broker.server;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread pools requests run on, apart from the I/O threads, as RocketMQ's broker keeps one per kind of work so
 * that slow administration never holds up sends: consumers' send-backs and transaction ends (producers' sends run
 * on the I/O threads, see {@link BrokerServer}); pulls and pops (their waiting costs no thread: long polls are held
 * as futures); acknowledgements, which wait for the pop journal; client registration and offsets; and
 * administration. Queues are bounded: a full queue answers SYSTEM_BUSY.
 */
final class ServerExecutors implements AutoCloseable {
    final ThreadPoolExecutor send;
    final ThreadPoolExecutor pull;
    final ThreadPoolExecutor ack;
    final ThreadPoolExecutor client;
    final ThreadPoolExecutor admin;

    ServerExecutors() {
        int cores = Runtime.getRuntime().availableProcessors();
        send = pool("capsule-send", Math.min(4, Math.max(2, cores)), 10_000);
        pull = pool("capsule-pull", Math.min(8, Math.max(2, cores)), 10_000);
        ack = pool("capsule-ack", Math.min(8, Math.max(2, cores)), 10_000);
        client = pool("capsule-client", 2, 5_000);
        admin = pool("capsule-admin", 2, 1_000);
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queueCapacity) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), factory, new ThreadPoolExecutor.AbortPolicy());
    }

    private List<ThreadPoolExecutor> all() {
        return List.of(send, pull, ack, client, admin);
    }

    /** Lets queued work finish for a few seconds, then stops what is left. */
    @Override
    public void close() {
        all().forEach(ThreadPoolExecutor::shutdown);
        try {
            for (ThreadPoolExecutor pool : all()) {
                if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            all().forEach(ThreadPoolExecutor::shutdownNow);
            Thread.currentThread().interrupt();
        }
    }
}
