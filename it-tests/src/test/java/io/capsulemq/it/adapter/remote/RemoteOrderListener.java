package io.capsulemq.it.adapter.remote;

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
import java.util.TreeSet;

/** Records each message it receives as a row (body, tag, keys, a property, topic), in the delivery's XA transaction. */
@MessageDriven(messageListenerInterface = MessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "capsule-rar"),
        @ActivationConfigProperty(propertyName = "topic", propertyValue = RemoteOrders.TOPIC),
        @ActivationConfigProperty(propertyName = "consumerGroup", propertyValue = "it-remote-orders-group")})
public class RemoteOrderListener implements MessageListener {
    @Resource(lookup = "jdbc/capsule-remote")
    private DataSource db;

    @Override
    public ConsumeResult consume(MessageView message) {
        try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement(
                "insert into received (message_id, body, tag, message_keys, color, topic) values (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, message.getMessageId().toString());
            insert.setString(2, StandardCharsets.UTF_8.decode(message.getBody().duplicate()).toString());
            insert.setString(3, message.getTag().orElse(""));
            insert.setString(4, String.join(",", new TreeSet<>(message.getKeys())));
            insert.setString(5, message.getProperties().getOrDefault("color", ""));
            insert.setString(6, message.getTopic());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ConsumeResult.SUCCESS;
    }
}
