package io.capsulemq.it.adapter.running;

import io.capsulemq.it.adapter.micro.MicroServer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ExplodedExporter;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payara Micro started with the README's command, from the repository root, with the quick start's application
 * built by server-config: the quick start sends and receives, and its bean also takes what the real RocketMQ client
 * sends over the network to the broker inside the server. In the same server, an application whose bean is in
 * the middle of deliveries is redeployed: the deliveries under way finish, nothing is lost nor delivered twice, and
 * the first activation's threads are gone.
 */
class RunningServerIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path WORK = MicroServer.PROJECT_ROOT.resolve("it-tests/target/running-server");
    private static final Path WORKER = WORK.resolve("redeploy-worker");
    private static final Pattern ACTIVATED = Pattern.compile("] activated \\S*RedeployWorker:");
    private static final Pattern DEACTIVATED = Pattern.compile("] deactivated \\S*RedeployWorker\\s");
    private static MicroServer server;
    private static MicroServer.Command command;

    @BeforeAll
    static void startAsTheReadmeSays() throws Exception {
        MicroServer.deleteTree(WORK);
        Files.createDirectories(WORK);
        Path probe = WORK.resolve("redeploy-probe.war");
        ShrinkWrap.create(WebArchive.class, "redeploy-probe.war")
                .addClasses(RedeployProbe.class, Acks.class, AckCollector.class)
                .as(ZipExporter.class).exportTo(probe.toFile(), true);
        // Exploded, so that Payara Micro redeploys it when its .reload file is touched.
        ShrinkWrap.create(WebArchive.class, "redeploy-worker.war").addClasses(RedeployWorker.class, RedeployProbe.class,
                Acks.class).as(ExplodedExporter.class).exportExploded(WORK.toFile(), WORKER.getFileName().toString());
        Path quickStart = MicroServer.PROJECT_ROOT.resolve("server-config/target/capsule-quickstart.war");
        assertTrue(Files.exists(quickStart), quickStart + " is built by server-config");
        command = MicroServer.readmeCommand(WORK, WORK.resolve("payara-root"), "", List.of(),
                List.of(quickStart, probe, WORKER));
        server = MicroServer.start("Payara Micro", command, WORK.resolve("server.log"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldDeliverWhatTheQuickStartSendsToItsMessageDrivenBean() throws Exception {
        HttpResponse<String> sent = server.post("/capsule-quickstart/api/messages?tag=readme", "hello from the README");
        assertEquals(200, sent.statusCode(), sent.body());
        String line = sent.body().trim() + " readme hello from the README";

        await(() -> get("/capsule-quickstart/api/messages").lines().anyMatch(line::equals),
                "the quick start's bean received '" + line + "'");
    }

    @Test
    void shouldDeliverWhatTheRealRocketMqClientSendsOverTheNetworkToTheQuickStartsBean() throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("running-server-network");
        producer.setNamesrvAddr("127.0.0.1:" + command.nameServerPort());
        producer.setInstanceName("running-server-network");
        producer.start();
        SendResult result;
        try {
            result = producer.send(new Message("quickstart", "network",
                    "hello over the wire".getBytes(StandardCharsets.UTF_8)));
        } finally {
            producer.shutdown();
        }
        assertEquals(SendStatus.SEND_OK, result.getSendStatus());
        String line = result.getMsgId() + " network hello over the wire";

        await(() -> get("/capsule-quickstart/api/messages").lines().anyMatch(line::equals),
                "the quick start's bean received '" + line + "'");
    }

    @Test
    void shouldRedeployAnApplicationWhoseBeanIsMidDeliveryLosingNothingAndLeavingNoThreadBehind()
            throws Exception {
        send(0, 200);
        await(() -> acks().size() >= 40, "the worker acknowledging");
        Set<String> firstThreads = workerThreads();
        assertFalse(firstThreads.isEmpty(), "the worker's consumer threads");
        int activations = count(server.log(), ACTIVATED);

        touchReload();
        await(() -> count(server.log(), DEACTIVATED) == activations && count(server.log(), ACTIVATED) > activations,
                "the worker redeployed: deactivated, then activated again");
        send(200, 300);

        Set<String> expected = IntStream.range(0, 300).mapToObj(i -> "m-" + i)
                .collect(Collectors.toCollection(TreeSet::new));
        await(() -> new TreeSet<>(acks()).equals(expected), "every message acknowledged");
        List<String> acks = acks();
        assertEquals(expected.size(), acks.size(), "no message acknowledged twice: " + duplicates(acks));
        Set<String> live = workerThreads();
        live.retainAll(firstThreads);
        assertEquals(Set.of(), live, "threads of the first activation still alive");
        assertFalse(workerThreads().isEmpty(), "the redeployed worker's consumer threads");
    }

    /** Payara Micro redeploys an exploded application when the timestamp of its .reload file changes. */
    private static void touchReload() throws IOException {
        Path reload = WORKER.resolve(".reload");
        if (!Files.exists(reload)) {
            Files.createFile(reload);
        }
        Files.setLastModifiedTime(reload, FileTime.from(Instant.now()));
    }

    private static void send(int from, int to) throws IOException, InterruptedException {
        HttpResponse<String> sent = server.post("/redeploy-probe/probe?from=" + from + "&to=" + to, "");
        assertEquals(200, sent.statusCode(), sent.body());
    }

    private static List<String> acks() {
        return get("/redeploy-probe/probe").lines().filter(l -> !l.isBlank()).toList();
    }

    /** Thread ids and names of the worker group's consumer. */
    private static Set<String> workerThreads() {
        return get("/redeploy-probe/probe?threads=" + RedeployProbe.WORKER_GROUP).lines()
                .filter(l -> !l.isBlank()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String get(String path) {
        try {
            HttpResponse<String> response = server.get(path);
            assertEquals(200, response.statusCode(), path + ": " + response.body());
            return response.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int count(String text, Pattern pattern) {
        return (int) pattern.matcher(text).results().count();
    }

    private static String duplicates(List<String> values) {
        return Arrays.toString(values.stream().filter(v -> values.indexOf(v) != values.lastIndexOf(v)).distinct()
                .toArray());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what + "; the server's log ends:\n"
                        + server.tail());
            }
            Thread.sleep(100);
        }
    }
}
