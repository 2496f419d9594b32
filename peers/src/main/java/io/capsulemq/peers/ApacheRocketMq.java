package io.capsulemq.peers;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A real Apache RocketMQ 5.5.0 on loopback: one NameServer and one broker, each its own JVM, under one home folder.
 * Start-up takes a few seconds; closing stops the broker, then the NameServer.
 */
public final class ApacheRocketMq implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String REGISTERED_LINE = "Registering current broker to name server completed";

    private final PeerProcess nameServer;
    private final PeerProcess broker;
    private final int nameServerPort;
    private final int brokerPort;

    private ApacheRocketMq(PeerProcess nameServer, PeerProcess broker, int nameServerPort, int brokerPort) {
        this.nameServer = nameServer;
        this.broker = broker;
        this.nameServerPort = nameServerPort;
        this.brokerPort = brokerPort;
    }

    /** Starts a NameServer and a broker with default settings under {@code home}. */
    public static ApacheRocketMq start(Path home) throws IOException, InterruptedException {
        return start(home, Map.of(), "1g");
    }

    /**
     * Starts a NameServer and a broker under {@code home}.
     *
     * @param brokerSettings broker.conf entries added to (or replacing) the defaults, for example
     *                       {@code flushDiskType=SYNC_FLUSH} or {@code transactionCheckInterval=2000}
     * @param brokerHeap     the broker's -Xmx (RocketMQ's scripts give it 8g; 1g is what this machine affords)
     */
    public static ApacheRocketMq start(Path home, Map<String, String> brokerSettings, String brokerHeap)
            throws IOException, InterruptedException {
        home = home.toAbsolutePath(); // the processes run in home: a relative path would not be found from there
        Files.createDirectories(home);
        String classPath = RocketMqJars.classPath();
        int nameServerPort = FreePorts.any();
        Path namesrvConf = write(home.resolve("namesrv.properties"),
                Map.of("listenPort", Integer.toString(nameServerPort), "bindAddress", "127.0.0.1"));
        PeerProcess nameServer = PeerProcess.start("Apache RocketMQ NameServer",
                jvm(home, "512m", classPath, "org.apache.rocketmq.namesrv.NamesrvStartup", namesrvConf),
                home, home.resolve("namesrv.log"), "boot success", START_TIMEOUT);
        try {
            int brokerPort = FreePorts.withNeighbours(-2, 0, 1);
            Map<String, String> conf = new LinkedHashMap<>();
            conf.put("brokerClusterName", "DefaultCluster");
            conf.put("brokerName", "broker-a");
            conf.put("brokerId", "0");
            conf.put("brokerRole", "ASYNC_MASTER");
            conf.put("namesrvAddr", "127.0.0.1:" + nameServerPort);
            conf.put("brokerIP1", "127.0.0.1");
            conf.put("bindAddress", "127.0.0.1");
            conf.put("listenPort", Integer.toString(brokerPort));
            conf.put("autoCreateTopicEnable", "true");
            conf.put("autoCreateSubscriptionGroup", "true");
            conf.put("flushDiskType", "ASYNC_FLUSH");
            conf.put("storePathRootDir", home.resolve("store").toString());
            conf.put("storePathCommitLog", home.resolve("store/commitlog").toString());
            conf.put("mappedFileSizeCommitLog", Integer.toString(256 << 20));
            conf.putAll(brokerSettings);
            Path brokerConf = write(home.resolve("broker.conf"), conf);
            List<String> args = jvm(home, brokerHeap, classPath, "org.apache.rocketmq.broker.BrokerStartup",
                    brokerConf);
            args.add(0, "-XX:MaxDirectMemorySize=1g");
            PeerProcess broker = PeerProcess.start("Apache RocketMQ broker", args, home, home.resolve("broker.log"),
                    "boot success", START_TIMEOUT);
            try {
                awaitFirstRegistration(home, broker);
            } catch (IOException | InterruptedException | RuntimeException e) {
                broker.kill();
                throw e;
            }
            return new ApacheRocketMq(nameServer, broker, nameServerPort, brokerPort);
        } catch (IOException | InterruptedException | RuntimeException e) {
            nameServer.kill();
            throw e;
        }
    }

    /**
     * The broker says "boot success" while its first registration may still be on its way to the NameServer; a
     * client asking the NameServer before it lands finds no broker. Its own log says when it has landed.
     */
    private static void awaitFirstRegistration(Path home, PeerProcess broker) throws IOException,
            InterruptedException {
        Path log = home.resolve("logs").resolve("rocketmqlogs").resolve("broker.log");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!(Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1)
                .contains(REGISTERED_LINE))) {
            if (System.nanoTime() > deadline || !broker.isAlive()) {
                throw new IllegalStateException("the Apache RocketMQ broker did not register with its NameServer"
                        + " (no '" + REGISTERED_LINE + "' in " + log + ")");
            }
            Thread.sleep(50);
        }
    }

    private static List<String> jvm(Path home, String heap, String classPath, String mainClass, Path conf) {
        return new ArrayList<>(List.of("-Xmx" + heap, "-Drocketmq.home.dir=" + home, "-Duser.home=" + home,
                "-Djava.io.tmpdir=" + home, "-cp", classPath, mainClass, "-c", conf.toString()));
    }

    private static Path write(Path file, Map<String, String> entries) throws IOException {
        Properties properties = new Properties();
        properties.putAll(entries);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            properties.store(out, "written by io.capsulemq.peers.ApacheRocketMq");
        }
        return file;
    }

    public String nameServerAddress() {
        return "127.0.0.1:" + nameServerPort;
    }

    public String brokerAddress() {
        return "127.0.0.1:" + brokerPort;
    }

    public PeerProcess brokerProcess() {
        return broker;
    }

    /**
     * Runs one {@code mqadmin} sub-command (Apache RocketMQ's {@code MQAdminStartup}) against {@code nameServer}
     * in its own JVM and returns what it printed.
     */
    public static String mqadmin(Path workDir, String nameServer, String... command)
            throws IOException, InterruptedException {
        return MqAdmin.run(workDir, nameServer, command);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            broker.close();
        } finally {
            nameServer.close();
        }
    }
}
