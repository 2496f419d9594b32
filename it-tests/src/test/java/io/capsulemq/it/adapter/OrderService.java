package io.capsulemq.it.adapter;

import io.capsulemq.rar.api.CapsuleProducerFactory;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import org.apache.rocketmq.client.apis.producer.Producer;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;

/** A row and a message in one container-managed XA transaction: both committed, or neither. */
@Stateless
public class OrderService {
    @Resource(lookup = "java:app/jdbc/capsule-it")
    private DataSource db;
    @Resource(lookup = "capsule/producer")
    private CapsuleProducerFactory producers;
    @Resource
    private SessionContext context;

    /** How a call ends. */
    public enum Outcome { COMMIT, SET_ROLLBACK_ONLY, THROW }

    public void place(String orderId, Outcome outcome) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into orders (id) values (?)")) {
            insert.setString(1, orderId);
            insert.executeUpdate();
        }
        try (Producer producer = producers.createProducer()) {
            producer.send(Messages.builder("it-xa", orderId).setKeys(orderId).build());
        }
        if (outcome == Outcome.SET_ROLLBACK_ONLY) {
            context.setRollbackOnly();
        } else if (outcome == Outcome.THROW) {
            throw new IllegalStateException("order " + orderId + " fails after its row and message");
        }
    }

    /** Only a message, in the call's transaction. */
    public void notify(String topic, String id) throws Exception {
        try (Producer producer = producers.createProducer()) {
            producer.send(Messages.builder(topic, id).setKeys(id).build());
        }
    }
}
