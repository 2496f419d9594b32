package io.capsulemq.broker.cli;

import io.capsulemq.broker.standalone.BrokerConfException;
import io.capsulemq.broker.standalone.BrokerConfFile;
import io.capsulemq.broker.standalone.StandaloneBroker;
import io.capsulemq.broker.standalone.StandaloneSettings;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone broker, {@code java -jar capsule-broker.jar [-c broker.conf]}: a NameServer on 9876 and a broker
 * on 10911, on loopback, with the store under {@code ./capsule-data}, unless the file (RocketMQ's broker.conf keys)
 * says otherwise. A small console on standard input ({@code help} lists its commands) reads the store. Stops
 * cleanly on SIGTERM or {@code quit}: leaves its NameServers, flushes, checkpoints and writes the clean-shutdown
 * marker.
 */
public final class BrokerMain {

    /** The line operators and tests wait for; printed once everything serves. */
    static final String READY = "Capsule MQ is ready: ";

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path confFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-c", "--config" -> {
                    if (++i >= args.length) {
                        fail(2, "-c needs the path of a broker.conf");
                    }
                    confFile = Path.of(args[i]);
                }
                case "-h", "--help" -> {
                    usage(System.out);
                    return;
                }
                default -> {
                    usage(System.err);
                    fail(2, "unknown option '" + args[i] + "'");
                }
            }
        }
        StandaloneSettings settings;
        StandaloneBroker broker;
        try {
            settings = confFile == null ? BrokerConfFile.defaults() : BrokerConfFile.read(confFile);
            settings.warnings().forEach(warning -> System.err.println("broker.conf: " + warning));
            broker = StandaloneBroker.start(settings);
        } catch (BrokerConfException e) {
            fail(1, "Capsule MQ could not start: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            fail(1, "Capsule MQ could not start: " + e);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "capsule-shutdown"));
        System.out.println(READY + broker.describe());
        System.out.println("Type 'help' for the console's commands; Ctrl-C or SIGTERM stops it cleanly.");
        StoreConsole console = new StoreConsole(broker.broker().store(), System.out);
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

    private static void fail(int status, String message) {
        System.err.println(message);
        System.exit(status);
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar capsule-broker.jar [-c broker.conf]");
        out.println("  broker.conf uses Apache RocketMQ's key names (listenPort, namesrvAddr, brokerName,");
        out.println("  storePathRootDir, flushDiskType, ...) plus namesrvListenPort (0: no embedded NameServer).");
    }
}
