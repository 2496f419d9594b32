package io.capsulemq.it.adapter;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The adapter's XA resource beside H2's in container-managed transactions: an EJB's row and message commit or
 * roll back together (two-phase, two resources), and an MDB's own database work rolls back with a FAILURE answer.
 */
@ExtendWith(ArquillianExtension.class)
class XaTransactionsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Deployment
    static WebArchive application() throws URISyntaxException {
        File h2 = new File(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return ShrinkWrap.create(WebArchive.class, "xa.war")
                .addClasses(Received.class, Received.Delivery.class, Messages.class, OrderTables.class,
                        OrderService.class, OrderListener.class, FlakyListener.class)
                .addAsLibraries(h2);
    }

    @EJB
    private OrderService orders;
    @EJB
    private OrderTables tables;
    @EJB
    private Received received;

    @Test
    void shouldCommitTheRowAndTheMessageTogetherOrNeitherOverManyTransactions() throws Exception {
        Set<String> committed = new TreeSet<>();
        OrderService.Outcome[] outcomes = OrderService.Outcome.values();
        for (int i = 0; i < 45; i++) {
            String id = "order-" + i;
            OrderService.Outcome outcome = outcomes[i % outcomes.length];
            try {
                orders.place(id, outcome);
            } catch (EJBException e) {
                assertEquals(OrderService.Outcome.THROW, outcome, "only the throwing call fails: " + e);
            }
            if (outcome == OrderService.Outcome.COMMIT) {
                committed.add(id);
            }
        }

        List<Received.Delivery> delivered = received.await("orders", committed.size(), WAIT);
        Set<String> deliveredIds = delivered.stream().map(d -> Messages.body(d.message()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(committed, deliveredIds, "messages delivered");
        assertEquals(committed.size(), delivered.size(), "each message delivered once");
        assertEquals(committed, tables.ids("orders"), "order rows");
        // The bean records a delivery before its transaction commits: its row may still be on its way.
        assertEquals(committed, eventually(() -> tables.ids("received"), committed),
                "rows the MDB wrote in its transactions");
    }

    @Test
    void shouldRollBackTheBeansOwnWorkWhenItAnswersFailureAndDeliverAgain() throws Exception {
        orders.notify("it-xa-flaky", "flaky-1");

        List<Received.Delivery> deliveries = received.await("flaky", 2, WAIT);
        assertEquals(List.of(1, 2), deliveries.stream().map(d -> d.message().getDeliveryAttempt()).toList());
        assertEquals(List.of(2), eventually(() -> tables.flakyAttempts("flaky-1"), List.of(2)),
                "only the successful delivery's row is kept");
    }

    /** What {@code read} answers once it answers {@code expected}, or its last answer after the wait. */
    private static <T> T eventually(Callable<T> read, T expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T last = read.call();
        while (!last.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = read.call();
        }
        return last;
    }
}
