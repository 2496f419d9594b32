package io.capsulemq.it.adapter.recovery;

import io.capsulemq.rar.api.CapsuleProducerFactory;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.transaction.TransactionManager;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.producer.Producer;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A row and a message in one container-managed XA transaction (H2 through the server's global XA pool, the adapter
 * through its producer pool), optionally with a {@link CommitStall} enlisted first so the server can be killed in
 * the second phase; and what the test reads back.
 */
@Stateless
public class CrashOrders {
    static final String TOPIC = "it-crash";

    @Resource(lookup = "jdbc/capsule-crash")
    private DataSource db;
    @Resource(lookup = "capsule/producer")
    private CapsuleProducerFactory producers;
    @Resource(lookup = "java:appserver/TransactionManager")
    private TransactionManager transactions;

    /** Inserts the order's row and sends its message; with {@code stallAt}, the commit stalls there. */
    public void place(String orderId, Path stallAt) throws Exception {
        if (stallAt != null) {
            transactions.getTransaction().enlistResource(new CommitStall(stallAt));
        }
        try (Connection c = db.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into orders (id) values (?)")) {
            insert.setString(1, orderId);
            insert.executeUpdate();
        }
        try (Producer producer = producers.createProducer()) {
            producer.send(ClientServiceProvider.loadService().newMessageBuilder().setTopic(TOPIC).setKeys(orderId)
                    .setBody(orderId.getBytes(StandardCharsets.UTF_8)).build());
        }
    }

    /** How many rows the order has, and how many deliveries of its message the bean recorded. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String state(String orderId) throws SQLException {
        return "rows=" + count("select count(*) from orders where id = ?", orderId)
                + " deliveries=" + count("select count(*) from deliveries where order_id = ?", orderId)
                + " messages=" + count("select count(distinct message_id) from deliveries where order_id = ?",
                orderId);
    }

    private int count(String sql, String orderId) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, orderId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
