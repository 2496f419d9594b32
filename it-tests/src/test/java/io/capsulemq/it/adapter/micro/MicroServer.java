package io.capsulemq.it.adapter.micro;

import io.capsulemq.peers.FreePorts;
import io.capsulemq.peers.PeerProcess;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Payara Micro as its own process, started as the README starts it: from the repository root, with
 * server-config's pre- and post-boot command files, over a kept instance folder. Unlike Arquillian's managed
 * container (one server per deployment), it can be killed and started again over the same folder, and keeps
 * running while an application is redeployed.
 */
public final class MicroServer implements AutoCloseable {
    /** The repository root: the README's commands run there. */
    public static final Path PROJECT_ROOT = Path.of(System.getProperty("capsule.project.root", ".."))
            .toAbsolutePath().normalize();
    /**
     * The README's run command after its build step, which these servers mirror (the test's instance folder, command
     * file and deployments in place of the README's); checked against the README so that the two cannot drift.
     */
    static final String README_COMMAND = "java -jar server-config/target/payara-micro.jar"
            + " --rootdir server-config/target/payara-root"
            + " --prebootcommandfile server-config/payara/pre-boot-commands.asadmin"
            + " --postbootcommandfile server-config/payara/post-boot-commands.asadmin"
            + " --deploy server-config/target/capsule-quickstart.war";
    private static final Duration BOOT = Duration.ofMinutes(3);
    private static final String READY = ") ready in ";

    private final PeerProcess process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private MicroServer(PeerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * The README's command line over {@code instanceRoot}, with the test's adapter settings (small store files, a
     * short retry back-off, the broker and its NameServer on free ports) and {@code extraCommands} around
     * server-config's post-boot commands, written to {@code work}; {@code libraries} go on the server's class path,
     * {@code deployments} are deployed at start.
     */
    public static Command readmeCommand(Path work, Path instanceRoot, String extraCommands, List<Path> libraries,
                                        List<Path> deployments) throws IOException {
        requireReadmeCommand();
        Path commands = work.resolve("post-boot-commands.asadmin");
        Files.createDirectories(work);
        int brokerPort = FreePorts.any();
        int nameServerPort = FreePorts.any();
        Files.writeString(commands, testAdapterSettings()
                .replace("listenPort=0", "listenPort=" + brokerPort + ":namesrvListenPort=" + nameServerPort)
                + Files.readString(PROJECT_ROOT.resolve("server-config/payara/post-boot-commands.asadmin"))
                + "\n" + extraCommands);
        int port = FreePorts.any();
        List<String> arguments = new ArrayList<>(List.of("-Xmx512m", "-Djava.io.tmpdir=" + work,
                "-jar", System.getProperty("payara.microJar"),
                "--nocluster", "--port", Integer.toString(port), "--rootdir", instanceRoot.toString(),
                "--prebootcommandfile",
                PROJECT_ROOT.resolve("server-config/payara/pre-boot-commands.asadmin").toString(),
                "--postbootcommandfile", commands.toString()));
        for (Path library : libraries) {
            arguments.addAll(List.of("--addlibs", library.toString()));
        }
        for (Path deployment : deployments) {
            arguments.addAll(List.of("--deploy", deployment.toString()));
        }
        return new Command(arguments, port, nameServerPort);
    }

    private static void requireReadmeCommand() throws IOException {
        String readme = Files.readString(PROJECT_ROOT.resolve("README.md"), StandardCharsets.UTF_8)
                .replace("\\\n", " ").replaceAll("\\s+", " ");
        if (!readme.contains(README_COMMAND)) {
            throw new IllegalStateException("README.md no longer runs '" + README_COMMAND + "': change MicroServer "
                    + "to start Payara Micro as the README does");
        }
    }

    /** A Payara Micro command line, the HTTP port it listens on and its embedded broker's NameServer port (0: none). */
    public record Command(List<String> arguments, int port, int nameServerPort) {
    }

    /**
     * The test build's adapter configuration (the first lines of the Arquillian tests' post-boot commands), which
     * must come before the adapter's deployment.
     */
    private static String testAdapterSettings() throws IOException {
        try (InputStream in = MicroServer.class.getResourceAsStream("/adapter/post-boot-commands.asadmin")) {
            if (in == null) {
                throw new IllegalStateException("adapter/post-boot-commands.asadmin is not on the test class path");
            }
            StringBuilder settings = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("create-resource-adapter-config")) {
                    settings.append(line).append('\n');
                }
            }
            return settings.toString();
        }
    }

    /** Starts the server and returns once it is ready; its output goes to {@code log}. */
    public static MicroServer start(String name, Command command, Path log) throws IOException, InterruptedException {
        return new MicroServer(PeerProcess.start(name, command.arguments(), PROJECT_ROOT, log, READY, BOOT),
                command.port());
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a POST and does not wait for its answer (the server may die before it gives one). */
    public void postAndForget(String path) {
        http.sendAsync(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.discarding());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL. */
    public void kill() throws InterruptedException {
        process.kill();
    }

    /** The server's output so far. */
    public String log() {
        try {
            return Files.readString(process.log(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String tail() {
        return process.tail();
    }

    /** Stops the server as Ctrl-C does (SIGTERM), killing it if it does not stop within a minute. */
    @Override
    public void close() throws InterruptedException {
        process.close();
    }

    /** Deletes a folder and everything in it, if it exists. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
