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
 * The standalone Capsule broker as an operator runs it, {@code java -jar capsule-broker.jar -c broker.conf}: its
 * embedded NameServer and its broker in one JVM on loopback ports of their own.
 */
public final class CapsuleStandalone implements AutoCloseable {

    /** The system property naming the broker's executable jar; by default it is looked for in broker/target. */
    public static final String JAR_PROPERTY = "capsule.peers.brokerJar";
    /** What the broker prints once it serves clients. */
    public static final String READY_LINE = "Capsule MQ is ready";

    private final PeerProcess process;
    private final int nameServerPort;
    private final int brokerPort;

    private CapsuleStandalone(PeerProcess process, int nameServerPort, int brokerPort) {
        this.process = process;
        this.nameServerPort = nameServerPort;
        this.brokerPort = brokerPort;
    }

    /**
     * Starts the broker under {@code home}.
     *
     * @param settings broker.conf entries added to (or replacing) the defaults written here
     * @param heap     its -Xmx, for example {@code 256m}
     */
    public static CapsuleStandalone start(Path home, Map<String, String> settings, String heap)
            throws IOException, InterruptedException {
        return start(home, settings, heap, List.of());
    }

    /**
     * Starts the broker under {@code home} with more JVM options, {@code -XX:+ExitOnOutOfMemoryError} say.
     *
     * @param settings   broker.conf entries added to (or replacing) the defaults written here
     * @param heap       its -Xmx, for example {@code 256m}
     * @param jvmOptions further options before {@code -jar}
     */
    public static CapsuleStandalone start(Path home, Map<String, String> settings, String heap,
                                          List<String> jvmOptions) throws IOException, InterruptedException {
        home = home.toAbsolutePath(); // the broker runs in home: a relative path would not be found from there
        Files.createDirectories(home);
        int nameServerPort = FreePorts.any();
        int brokerPort = FreePorts.any();
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("namesrvListenPort", Integer.toString(nameServerPort));
        conf.put("namesrvAddr", "127.0.0.1:" + nameServerPort);
        conf.put("listenPort", Integer.toString(brokerPort));
        conf.put("brokerIP1", "127.0.0.1");
        conf.put("storePathRootDir", home.resolve("store").toString());
        conf.putAll(settings);
        Path file = home.resolve("broker.conf");
        Properties properties = new Properties();
        properties.putAll(conf);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            properties.store(out, "written by io.capsulemq.peers.CapsuleStandalone");
        }
        List<String> arguments = new ArrayList<>(List.of("-Xmx" + heap, "-Djava.io.tmpdir=" + home));
        arguments.addAll(jvmOptions);
        arguments.addAll(List.of("-jar", jar().toString(), "-c", file.toString()));
        PeerProcess process = PeerProcess.start("Capsule MQ broker", arguments, home, home.resolve("broker.log"),
                READY_LINE, Duration.ofSeconds(120));
        return new CapsuleStandalone(process, nameServerPort, brokerPort);
    }

    private static Path jar() {
        String configured = System.getProperty(JAR_PROPERTY);
        Path jar = configured != null ? Path.of(configured) : Path.of("broker", "target", "capsule-broker.jar");
        if (!Files.isRegularFile(jar) && configured == null) {
            jar = Path.of("..", "broker", "target", "capsule-broker.jar"); // run from a module folder
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no Capsule broker jar at " + jar.toAbsolutePath()
                    + ": build it (mvn -pl broker -am package) or set -D" + JAR_PROPERTY);
        }
        return jar.toAbsolutePath();
    }

    public String nameServerAddress() {
        return "127.0.0.1:" + nameServerPort;
    }

    public String brokerAddress() {
        return "127.0.0.1:" + brokerPort;
    }

    public PeerProcess process() {
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
