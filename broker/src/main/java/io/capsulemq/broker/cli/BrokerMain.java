package io.capsulemq.broker.cli;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.BrokerConfig;
import io.capsulemq.broker.store.FlushMode;
import io.capsulemq.broker.store.StoreConfig;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone broker: the engine on its store, with a small console on standard input ({@code help} lists the
 * commands); the remoting issue puts it on the network. Stops cleanly on SIGTERM or
 * {@code quit}: flushes, checkpoints and writes the clean-shutdown marker.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of("capsule-data");
        FlushMode flush = FlushMode.ASYNC;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> dataDir = Path.of(requireValue(args, ++i, "--data"));
                case "--flush" -> flush = parseFlush(requireValue(args, ++i, "--flush"));
                case "-h", "--help" -> {
                    usage(System.out);
                    return;
                }
                default -> {
                    System.err.println("unknown option '" + args[i] + "'");
                    usage(System.err);
                    System.exit(2);
                }
            }
        }
        StoreConfig config = StoreConfig.builder(dataDir.toAbsolutePath()).flushMode(flush).build();
        Broker broker;
        try {
            broker = Broker.start(BrokerConfig.builder(config).build());
        } catch (RuntimeException e) {
            System.err.println("Capsule MQ could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "capsule-shutdown"));
        System.out.println("Capsule MQ broker started on " + config.rootDir() + " (" + flush + " flush). "
                + "Type 'help' for commands; Ctrl-C or SIGTERM stops it cleanly.");
        StoreConsole console = new StoreConsole(broker.store(), System.out);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!console.execute(line)) {
                    System.exit(0);
                }
            }
        }
        // Standard input closed (started in the background): keep serving until stopped.
        stopped.await();
    }

    private static String requireValue(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    private static FlushMode parseFlush(String value) {
        try {
            return FlushMode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("--flush must be SYNC or ASYNC, was '" + value + "'");
            System.exit(2);
            return null;
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar capsule-broker.jar [--data DIR] [--flush SYNC|ASYNC]");
    }
}
