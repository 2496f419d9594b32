package io.capsulemq.it.adapter.remote;

import io.capsulemq.client.gateway.DeliveredMessage;
import io.capsulemq.client.gateway.PullOutcome;
import io.capsulemq.client.gateway.QueueRef;
import io.capsulemq.client.gateway.SubscriptionSpec;
import io.capsulemq.client.gateway.TopicRoute;
import io.capsulemq.client.remote.RemoteEndpoint;
import io.capsulemq.client.remote.RemoteGateway;
import io.capsulemq.it.adapter.micro.MicroServer;
import io.capsulemq.peers.FreePorts;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The adapter in mode=remote in Payara Micro (its own process, one boot for all the scenarios) against a broker
 * cluster a subclass starts: an EJB's injected producer sends and an MDB receives with tag, keys and properties
 * intact; an XA transaction with an H2 row commits both or neither; a failing MDB has its message delivered again
 * and, past maxReconsumeTimes, dead-lettered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RemoteModeScenarios {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String H2_USER = "sa";
    private static final String H2_PASSWORD = "remote";

    private final String name;
    private final Path work;
    private final Path instanceRoot;
    private MicroServer server;

    RemoteModeScenarios(String name) {
        this.name = name;
        this.work = MicroServer.PROJECT_ROOT.resolve("it-tests/target/remote-mode/" + name);
        this.instanceRoot = work.resolve("payara-root");
    }

    /** Starts the broker cluster under {@code home}; answers its NameServer addresses. */
    abstract String startBrokers(Path home) throws Exception;

    abstract void stopBrokers() throws Exception;

    @BeforeAll
    void start() throws Exception {
        MicroServer.deleteTree(work);
        Files.createDirectories(work);
        String nameServers = startBrokers(work.resolve("brokers"));
        server = MicroServer.start("Payara Micro (remote mode, " + name + ")", command(nameServers),
                work.resolve("payara.log"));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            stopBrokers();
        }
    }

    /** Payara Micro with the adapter in mode=remote, H2's XA pool, and the test's application. */
    private MicroServer.Command command(String nameServers) throws Exception {
        Path war = work.resolve("remote.war");
        ShrinkWrap.create(WebArchive.class, "remote.war")
                .addClasses(RemoteTables.class, RemoteOrders.class, RemoteOrderListener.class, RetryingListener.class,
                        RemoteServlet.class)
                .as(ZipExporter.class).exportTo(war.toFile(), true);
        Path rar = Path.of(System.getProperty("payara.microJar")).resolveSibling("capsule-rar.rar");
        Path database = work.resolve("h2/remote");
        String commands = "create-resource-adapter-config --property mode=remote:namesrvAddr="
                + escaped(nameServers) + ":storeDir=" + escaped(work.resolve("adapter").toString()) + " capsule-rar\n"
                + "deploy --name capsule-rar --type rar " + rar + "\n"
                + "create-connector-connection-pool --raname capsule-rar --connectiondefinition "
                + "io.capsulemq.rar.api.CapsuleProducerFactory --transactionsupport XATransaction capsule-producer-pool\n"
                + "create-connector-resource --poolname capsule-producer-pool capsule/producer\n"
                + "create-jdbc-connection-pool --datasourceclassname org.h2.jdbcx.JdbcDataSource"
                + " --restype javax.sql.XADataSource --property url=" + escaped("jdbc:h2:file:" + database)
                + ":user=" + H2_USER + ":password=" + H2_PASSWORD + " capsule-remote-h2\n"
                + "create-jdbc-resource --connectionpoolid capsule-remote-h2 jdbc/capsule-remote\n";
        Path postBoot = work.resolve("post-boot-commands.asadmin");
        Files.writeString(postBoot, commands);
        Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        int port = FreePorts.any();
        List<String> arguments = new ArrayList<>(List.of("-Xmx512m", "-Djava.io.tmpdir=" + work,
                "-jar", System.getProperty("payara.microJar"), "--nocluster", "--port", Integer.toString(port),
                "--rootdir", instanceRoot.toString(),
                "--prebootcommandfile",
                MicroServer.PROJECT_ROOT.resolve("server-config/payara/pre-boot-commands.asadmin").toString(),
                "--postbootcommandfile", postBoot.toString(),
                "--addlibs", h2.toString(), "--deploy", war.toString()));
        return new MicroServer.Command(arguments, port, 0); // remote mode: no broker of its own to reach
    }

    private static String escaped(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
    }

    @Test
    void shouldDeliverAnInjectedProducersMessageToTheMdbWithTagKeysAndPropertiesIntact() throws Exception {
        String messageId = post("op=send&topic=" + RemoteOrders.TOPIC + "&id=plain-1&tag=created&color=blue");
        String state = awaitState("plain-1", s -> s.contains("received=1"));
        assertEquals("rows=0 received=1 tag=created keys=key-plain-1,plain-1 color=blue topic="
                + RemoteOrders.TOPIC + " id=" + messageId, state);
    }

    @Test
    void shouldCommitTheRowAndTheMessageOfAnXaTransactionTogether() throws Exception {
        post("op=place&id=xa-commit");
        assertEquals("rows=1 received=1 tag=placed keys=xa-commit color=xa topic=" + RemoteOrders.TOPIC,
                awaitState("xa-commit", s -> s.contains("received=1")).replaceAll(" id=.*", ""));
        assertEquals(List.of("adapter-id"), branchLogFiles(), "a committed branch leaves no record behind");
    }

    @Test
    void shouldRollBackTheRowAndTheMessageOfAnXaTransactionTogether() throws Exception {
        post("op=place&id=xa-rollback&rollback=true");
        // A message sent after it, once received, shows the rolled-back one had every chance to arrive.
        post("op=send&topic=" + RemoteOrders.TOPIC + "&id=after-rollback&tag=marker&color=none");
        awaitState("after-rollback", s -> s.contains("received=1"));
        Thread.sleep(2_000);
        assertEquals("rows=0 received=0", state("xa-rollback"));
        assertEquals(List.of("adapter-id"), branchLogFiles(), "a rolled-back branch leaves no record behind");
    }

    @Test
    void shouldDeliverAFailedMessageAgainAndDeadLetterOnePastItsRetries() throws Exception {
        post("op=send&topic=" + RemoteOrders.RETRY_TOPIC + "&id=flaky-1&tag=flaky&color=red");
        String poisonId = post("op=send&topic=" + RemoteOrders.RETRY_TOPIC + "&id=poison-1&tag=poison&color=red");
        assertEquals("[1, 2]", awaitAttempts("flaky-1", a -> a.equals("[1, 2]")), "failed once, then taken");

        String deadLetters = "%DLQ%" + RetryingListener.GROUP;
        try (RemoteGateway gateway = RemoteGateway.connect(RemoteEndpoint.parse(nameServers()))) {
            DeliveredMessage dead = awaitDeadLetter(gateway, deadLetters);
            assertEquals("poison-1", new String(dead.body(), StandardCharsets.UTF_8));
            assertEquals(poisonId, dead.property("UNIQ_KEY"));
            assertEquals("red", dead.property("color"));
        }
        assertEquals("[1, 2]", attempts("poison-1"), "delivered twice (maxReconsumeTimes=1), then dead-lettered");
    }

    abstract String nameServers();

    private DeliveredMessage awaitDeadLetter(RemoteGateway gateway, String topic) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                TopicRoute route = gateway.route(topic);
                for (int q = 0; route.exists() && q < route.readQueueNums(); q++) {
                    PullOutcome pulled = gateway.pull("it-remote-dlq-reader", SubscriptionSpec.all(topic), q, 0, 32,
                            Duration.ofSeconds(1)).get(30, java.util.concurrent.TimeUnit.SECONDS);
                    if (!pulled.messages().isEmpty()) {
                        return pulled.messages().get(0);
                    }
                }
            } catch (RuntimeException e) {
                // not there yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing in " + topic + " within " + WAIT + "; server log ends:\n"
                        + server.tail());
            }
            Thread.sleep(500);
        }
    }

    private List<String> branchLogFiles() throws IOException {
        try (Stream<Path> files = Files.list(work.resolve("adapter/xa-branches"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private String post(String query) throws IOException, InterruptedException {
        HttpResponse<String> response = server.post("/remote/remote?" + query, "");
        assertEquals(200, response.statusCode(), query + ": " + response.body() + "\nserver log ends:\n"
                + server.tail());
        return response.body();
    }

    private String state(String id) throws IOException, InterruptedException {
        return get("op=state&id=" + id);
    }

    private String attempts(String id) throws IOException, InterruptedException {
        return get("op=attempts&id=" + id);
    }

    private String get(String query) throws IOException, InterruptedException {
        HttpResponse<String> response = server.get("/remote/remote?" + query);
        assertEquals(200, response.statusCode(), query + ": " + response.body());
        return response.body();
    }

    private String awaitState(String id, Predicate<String> done) throws IOException, InterruptedException {
        return await(() -> state(id), done, "the state of " + id);
    }

    private String awaitAttempts(String id, Predicate<String> done) throws IOException, InterruptedException {
        return await(() -> attempts(id), done, "the attempts of " + id);
    }

    @FunctionalInterface
    private interface Read {
        String read() throws IOException, InterruptedException;
    }

    private String await(Read read, Predicate<String> done, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = read.read();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " is still '" + last + "' after " + WAIT + "; server log ends:\n"
                        + server.tail());
            }
            Thread.sleep(200);
            last = read.read();
        }
        return last;
    }
}
