package io.capsulemq.it.adapter.recovery;

import io.capsulemq.it.adapter.micro.MicroServer;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash recovery with a real process kill: Payara Micro, started as the README starts it with an H2 XA pool added,
 * is killed with SIGKILL while an EJB's transaction (an H2 row and a message) is in its second phase: the
 * transaction manager has logged its decision to commit, both branches are prepared, neither is committed. Started
 * again over the same instance folder, the transaction manager's recovery commits both: the row and the message
 * exist once each.
 */
class CrashRecoveryIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String H2_USER = "sa";
    private static final String H2_PASSWORD = "crash";

    private final Path work = MicroServer.PROJECT_ROOT.resolve("it-tests/target/crash-recovery");
    private final Path instanceRoot = work.resolve("payara-root");
    private final Path database = work.resolve("h2/orders");

    @Test
    void shouldCommitTheRowAndTheMessageOfATransactionKilledBetweenPrepareAndCommitOnceTheServerIsBack()
            throws Exception {
        MicroServer.Command command = command();

        MicroServer first = MicroServer.start("Payara Micro (first run)", command, work.resolve("first-run.log"));
        try {
            place(first, "order-before");
            assertEquals(new OrderState(1, 1, 1), awaitState(first, "order-before", s -> s.deliveries() >= 1),
                    "an order placed before the crash, committed normally");

            first.postAndForget("/crash/orders?id=order-crashed&stall=true");
            awaitStall(first);
            first.kill();
        } finally {
            if (first.isAlive()) {
                first.kill();
            }
        }

        assertEquals(List.of(0, 1), rowsAndInDoubtBranches("order-crashed"),
                "after the kill, the crashed order's row is not committed and H2 holds its branch prepared");

        try (MicroServer second = MicroServer.start("Payara Micro (after the crash)", command,
                work.resolve("second-run.log"))) {
            assertEquals(new OrderState(1, 1, 1), awaitState(second, "order-crashed", s -> s.deliveries() >= 1),
                    "the crashed order after recovery: its row, and its message delivered once");
            assertTrue(second.log().contains("left prepared by an earlier run (1 half messages)"),
                    "the adapter committed the branch it held prepared from before the crash; log:\n"
                            + second.tail());
            // Its consumer offset was not yet written when the server was killed: the bean may have it again.
            OrderState before = state(second, "order-before");
            assertEquals(List.of(1, 1), List.of(before.rows(), before.messages()), "the order placed before: "
                    + before);
            assertEquals(new OrderState(1, 1, 1), state(second, "order-crashed"), "the crashed order, a while later");
        }
    }

    /** The README's command with H2 on the class path, its XA pool, and the crash test's application. */
    private MicroServer.Command command() throws Exception {
        MicroServer.deleteTree(work);
        Files.createDirectories(database.getParent());
        Path war = work.resolve("crash.war");
        ShrinkWrap.create(WebArchive.class, "crash.war")
                .addClasses(CommitStall.class, CrashOrders.class, CrashOrderListener.class, CrashTables.class,
                        CrashServlet.class)
                .as(ZipExporter.class).exportTo(war.toFile(), true);
        String pool = "# The crash test's database: a global XA pool, which the transaction manager recovers.\n"
                + "create-jdbc-connection-pool --datasourceclassname org.h2.jdbcx.JdbcDataSource"
                + " --restype javax.sql.XADataSource --property url=" + escaped("jdbc:h2:file:" + database)
                + ":user=" + H2_USER + ":password=" + H2_PASSWORD + " capsule-crash-h2\n"
                + "create-jdbc-resource --connectionpoolid capsule-crash-h2 jdbc/capsule-crash\n";
        Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return MicroServer.readmeCommand(work, instanceRoot, pool, List.of(h2), List.of(war));
    }

    /** asadmin's escaping of a property value: {@code :} and {@code =} separate properties. */
    private static String escaped(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
    }

    /** What exists of an order: its rows, the distinct messages the bean received for it, and its deliveries. */
    record OrderState(int rows, int messages, int deliveries) {
        static OrderState parse(String text) {
            Map<String, Integer> values = new HashMap<>();
            for (String pair : text.trim().split(" ")) {
                String[] kv = pair.split("=");
                values.put(kv[0], Integer.parseInt(kv[1]));
            }
            return new OrderState(values.get("rows"), values.get("messages"), values.get("deliveries"));
        }
    }

    private static void place(MicroServer server, String orderId) throws IOException, InterruptedException {
        HttpResponse<String> response = server.post("/crash/orders?id=" + orderId, "");
        assertEquals(200, response.statusCode(), "placing " + orderId + ": " + response.body());
    }

    private static OrderState state(MicroServer server, String orderId) throws IOException, InterruptedException {
        HttpResponse<String> response = server.get("/crash/orders?id=" + orderId);
        assertEquals(200, response.statusCode(), "reading " + orderId + ": " + response.body());
        return OrderState.parse(response.body());
    }

    /** The order's state once {@code done} holds, or the last one seen after the wait. */
    private static OrderState awaitState(MicroServer server, String orderId, Predicate<OrderState> done)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        OrderState last = state(server, orderId);
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            last = state(server, orderId);
        }
        return last;
    }

    private void awaitStall(MicroServer server) throws InterruptedException {
        Path marker = instanceRoot.resolve(CrashServlet.STALL_MARKER);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(marker)) {
            if (System.nanoTime() > deadline || !server.isAlive()) {
                throw new AssertionError("the commit did not stall (" + marker + " not written); the server's log "
                        + "ends:\n" + server.tail());
            }
            Thread.sleep(50);
        }
    }

    /** With the server dead: the order's committed rows, and the branches H2 holds prepared. */
    private List<Integer> rowsAndInDoubtBranches(String orderId) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + database, H2_USER, H2_PASSWORD);
             Statement s = c.createStatement()) {
            return List.of(count(s, "select count(*) from orders where id = '" + orderId + "'"),
                    count(s, "select count(*) from information_schema.in_doubt"));
        }
    }

    private static int count(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        }
    }
}
