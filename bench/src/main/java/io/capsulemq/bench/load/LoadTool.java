package io.capsulemq.bench.load;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code java -jar bench/target/benchmarks.jar --load -n HOST:PORT [options]}: drives whatever broker a NameServer
 * routes to (Capsule or Apache RocketMQ) with the real RocketMQ client and prints throughput and latency.
 */
@Command(name = "--load", mixinStandardHelpOptions = true,
        description = "Sends from N threads with the real RocketMQ client to the brokers behind a NameServer.")
public final class LoadTool implements Callable<Integer> {

    @Option(names = {"-n", "--namesrv"}, required = true, description = "NameServer address, host:port")
    String nameServer;

    @CommandLine.Mixin
    LoadOptions options = new LoadOptions();

    @Override
    public Integer call() throws Exception {
        LoadSettings settings = options.settings(nameServer);
        System.out.println("load: " + settings.describe());
        LoadResult result = LoadRun.run(nameServer, settings, System.err);
        System.out.println(result.summary());
        return result.errors() == 0 ? 0 : 1;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadTool()).execute(args));
    }

    /** The options a load run and a comparison share. */
    static final class LoadOptions {
        @Option(names = {"-t", "--threads"}, defaultValue = "8", description = "producer threads (${DEFAULT-VALUE})")
        int threads;
        @Option(names = {"-s", "--size"}, defaultValue = "1024", description = "body bytes (${DEFAULT-VALUE})")
        int size;
        @Option(names = {"-d", "--duration"}, defaultValue = "30", description = "measured seconds (${DEFAULT-VALUE})")
        int duration;
        @Option(names = {"-w", "--warmup"}, defaultValue = "5", description = "warm-up seconds (${DEFAULT-VALUE})")
        int warmup;
        @Option(names = "--async", description = "asynchronous sends (synchronous by default)")
        boolean async;
        @Option(names = "--window", defaultValue = "64", description = "async sends in flight per thread (${DEFAULT-VALUE})")
        int window;
        @Option(names = "--topic", defaultValue = "CapsuleLoad", description = "topic (${DEFAULT-VALUE})")
        String topic;
        @Option(names = "--queues", defaultValue = "8", description = "queues of the topic (${DEFAULT-VALUE})")
        int queues;

        LoadSettings settings(String nameServer) {
            return new LoadSettings(nameServer, topic, queues, threads, size, Duration.ofSeconds(warmup),
                    Duration.ofSeconds(duration), async, window);
        }
    }
}
