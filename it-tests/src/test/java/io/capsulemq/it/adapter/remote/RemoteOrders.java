package io.capsulemq.it.adapter.remote;

import io.capsulemq.rar.api.CapsuleProducerFactory;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.producer.Producer;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Sends with the injected producer: at once, or with an H2 row in one container-managed XA transaction. */
@Stateless
public class RemoteOrders {
    static final String TOPIC = "it-remote-orders";
    static final String RETRY_TOPIC = "it-remote-retries";

    @Resource(lookup = "jdbc/capsule-remote")
    private DataSource db;
    @Resource(lookup = "capsule/producer")
    private CapsuleProducerFactory producers;
    @Resource
    private SessionContext context;

    /** A message with a tag, two keys and a property, outside any transaction. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String send(String topic, String id, String tag, String color) throws Exception {
        try (Producer producer = producers.createProducer()) {
            return producer.send(ClientServiceProvider.loadService().newMessageBuilder().setTopic(topic).setTag(tag)
                    .setKeys(id, "key-" + id).addProperty("color", color)
                    .setBody(id.getBytes(StandardCharsets.UTF_8)).build()).getMessageId().toString();
        }
    }

    /** The order's row and its message in one transaction, which rolls back if asked to. */
    public void place(String id, boolean rollBack) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into orders (id) values (?)")) {
            insert.setString(1, id);
            insert.executeUpdate();
        }
        try (Producer producer = producers.createProducer()) {
            producer.send(ClientServiceProvider.loadService().newMessageBuilder().setTopic(TOPIC).setTag("placed")
                    .setKeys(id).addProperty("color", "xa").setBody(id.getBytes(StandardCharsets.UTF_8)).build());
        }
        if (rollBack) {
            context.setRollbackOnly();
        }
    }

    /** The order's rows, and what the bean received for it: {@code rows=1 received=1 tag=.. keys=.. color=..}. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String state(String id) throws SQLException {
        StringBuilder state = new StringBuilder("rows=" + count("select count(*) from orders where id = ?", id)
                + " received=" + count("select count(*) from received where body = ?", id));
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "select tag, message_keys, color, topic, message_id from received where body = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    state.append(" tag=").append(r.getString(1)).append(" keys=").append(r.getString(2))
                            .append(" color=").append(r.getString(3)).append(" topic=").append(r.getString(4))
                            .append(" id=").append(r.getString(5));
                }
            }
        }
        return state.toString();
    }

    private int count(String sql, String id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
