package io.capsulemq.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends as fast as the broker takes it, from several threads sharing one real RocketMQ producer, and measures
 * throughput and send latency (from the call to the acknowledgement) over a fixed time after a warm-up.
 */
public final class LoadRun {

    private final String label;
    private final LoadSettings settings;
    private final ProgressLine progress;
    private final Recorder latencies = new Recorder(3);
    private final LongAdder errors = new LongAdder();
    private volatile boolean running = true;

    private LoadRun(String label, LoadSettings settings, PrintStream progressOut) {
        this.label = label;
        this.settings = settings;
        this.progress = new ProgressLine(progressOut);
    }

    /** Runs the load against {@code settings.nameServer()} and returns what it measured. */
    public static LoadResult run(String label, LoadSettings settings, PrintStream progressOut) throws Exception {
        return new LoadRun(label, settings, progressOut).run();
    }

    private LoadResult run() throws Exception {
        String flushDiskType;
        try (BrokerAdmin admin = new BrokerAdmin(settings.nameServer())) {
            admin.ensureTopic(settings.topic(), settings.queues());
            flushDiskType = admin.flushDiskType();
        }
        DefaultMQProducer producer = new DefaultMQProducer("capsule-load-" + UUID.randomUUID());
        producer.setNamesrvAddr(settings.nameServer());
        producer.setInstanceName("load-" + UUID.randomUUID());
        producer.setSendMsgTimeout(10_000);
        producer.start();
        byte[] body = new byte[settings.bodySize()];
        ThreadLocalRandom.current().nextBytes(body);
        List<Thread> senders = new ArrayList<>();
        List<Semaphore> windows = new ArrayList<>();
        try {
            for (int i = 0; i < settings.threads(); i++) {
                Semaphore window = new Semaphore(settings.window());
                windows.add(window);
                Thread sender = new Thread(() -> send(producer, body, window), "load-sender-" + i);
                sender.start();
                senders.add(sender);
            }
            Thread.sleep(settings.warmup().toMillis());
            latencies.getIntervalHistogram(); // forget the warm-up
            errors.reset();
            Histogram total = measure();
            long errorCount = errors.sum();
            running = false;
            for (Thread sender : senders) {
                sender.join();
            }
            for (Semaphore window : windows) {
                window.tryAcquire(settings.window(), 30, TimeUnit.SECONDS); // let async sends in flight finish
            }
            return LoadResult.of(label, flushDiskType, total, errorCount, settings.measure().toNanos() / 1e9);
        } finally {
            running = false;
            producer.shutdown();
        }
    }

    /** The measured period, a progress line each second; returns every latency recorded in it. */
    private Histogram measure() throws InterruptedException {
        Histogram total = new Histogram(3);
        long start = System.nanoTime();
        long end = start + settings.measure().toNanos();
        for (long next = start + 1_000_000_000L; ; next += 1_000_000_000L) {
            long now = System.nanoTime();
            TimeUnit.NANOSECONDS.sleep(Math.min(next, end) - now);
            Histogram second = latencies.getIntervalHistogram();
            total.add(second);
            double elapsed = (System.nanoTime() - start) / 1e9;
            progress.show(String.format("%s  %5.1f s  %,9d msg/s  p99 %6.2f ms  total %,d  errors %d", label,
                    elapsed, second.getTotalCount(), second.getValueAtPercentile(99) / 1e3, total.getTotalCount(),
                    errors.sum()));
            if (next >= end) {
                progress.finish();
                return total;
            }
        }
    }

    private void send(DefaultMQProducer producer, byte[] body, Semaphore window) {
        while (running) {
            Message message = new Message(settings.topic(), body);
            long started = System.nanoTime();
            try {
                if (settings.async()) {
                    window.acquire();
                    producer.send(message, new SendCallback() {
                        @Override
                        public void onSuccess(SendResult result) {
                            record(started, result);
                            window.release();
                        }

                        @Override
                        public void onException(Throwable e) {
                            errors.increment();
                            window.release();
                        }
                    });
                } else {
                    record(started, producer.send(message));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                errors.increment();
                if (settings.async()) {
                    window.release();
                }
            }
        }
    }

    private void record(long started, SendResult result) {
        if (result.getSendStatus() == SendStatus.SEND_OK) {
            latencies.recordValue((System.nanoTime() - started) / 1_000);
        } else {
            errors.increment();
        }
    }
}
