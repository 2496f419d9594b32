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

/** Records each order message as a row, in the delivery's XA transaction. */
@MessageDriven(messageListenerInterface = MessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "capsule-rar"),
        @ActivationConfigProperty(propertyName = "topic", propertyValue = "it-xa"),
        @ActivationConfigProperty(propertyName = "consumerGroup", propertyValue = "it-xa-group")})
public class OrderListener implements MessageListener {
    @Resource(lookup = "java:app/jdbc/capsule-it")
    private DataSource db;
    @EJB
    private Received received;

    @Override
    public ConsumeResult consume(MessageView message) {
        try (Connection c = db.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into received (id) values (?)")) {
            insert.setString(1, Messages.body(message));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        received.add("orders", message, this);
        return ConsumeResult.SUCCESS;
    }
}
