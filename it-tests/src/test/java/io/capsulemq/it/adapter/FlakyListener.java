package io.capsulemq.it.adapter;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.message.MessageView;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Writes a row, then answers FAILURE on the first delivery: the row must roll back with it. */
@MessageDriven(messageListenerInterface = MessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "capsule-rar"),
        @ActivationConfigProperty(propertyName = "topic", propertyValue = "it-xa-flaky"),
        @ActivationConfigProperty(propertyName = "consumerGroup", propertyValue = "it-xa-flaky-group")})
public class FlakyListener implements MessageListener {
    @Resource(lookup = "java:app/jdbc/capsule-it")
    private DataSource db;
    @EJB
    private Received received;

    @Override
    public ConsumeResult consume(MessageView message) {
        try (Connection c = db.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into flaky (id, attempt) values (?, ?)")) {
            insert.setString(1, Messages.body(message));
            insert.setInt(2, message.getDeliveryAttempt());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        received.add("flaky", message, this);
        return message.getDeliveryAttempt() == 1 ? ConsumeResult.FAILURE : ConsumeResult.SUCCESS;
    }
}
