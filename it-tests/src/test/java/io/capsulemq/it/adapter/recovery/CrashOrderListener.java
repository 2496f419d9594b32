package io.capsulemq.it.adapter.recovery;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.message.MessageView;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Records each delivery of an order message as a row, in the delivery's XA transaction. */
@MessageDriven(messageListenerInterface = MessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "capsule-rar"),
        @ActivationConfigProperty(propertyName = "topic", propertyValue = CrashOrders.TOPIC),
        @ActivationConfigProperty(propertyName = "consumerGroup", propertyValue = "it-crash-group"),
        @ActivationConfigProperty(propertyName = "consumeFrom", propertyValue = "FIRST_OFFSET")})
public class CrashOrderListener implements MessageListener {
    @Resource(lookup = "jdbc/capsule-crash")
    private DataSource db;

    @Override
    public ConsumeResult consume(MessageView message) {
        try (Connection c = db.getConnection();
             PreparedStatement insert = c.prepareStatement(
                     "insert into deliveries (message_id, order_id) values (?, ?)")) {
            insert.setString(1, message.getMessageId().toString());
            insert.setString(2, StandardCharsets.UTF_8.decode(message.getBody().duplicate()).toString());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ConsumeResult.SUCCESS;
    }
}
