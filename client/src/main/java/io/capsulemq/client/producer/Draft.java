package io.capsulemq.client.producer;

import io.capsulemq.client.gateway.OutgoingMessage;
import io.capsulemq.client.message.CapsuleMessageId;
import io.capsulemq.client.message.MessageIdGenerator;
import io.capsulemq.client.message.SystemProperties;
import io.capsulemq.client.support.Require;
import io.capsulemq.client.support.ResourceNames;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageId;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * A message made ready to send, once for all its attempts: its id made, its tag, keys, message group and delivery
 * time written as RocketMQ's system properties beside the application's own.
 */
final class Draft {
    /** The RocketMQ 5 client's limit on a message body. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    final String topic;
    final String messageGroup;
    final MessageId messageId;
    final boolean transactional;
    private final byte[] body;
    private final Map<String, String> properties;
    private final long bornTimestamp = System.currentTimeMillis();

    private Draft(String topic, String messageGroup, MessageId messageId, boolean transactional, byte[] body,
                  Map<String, String> properties) {
        this.topic = topic;
        this.messageGroup = messageGroup;
        this.messageId = messageId;
        this.transactional = transactional;
        this.body = body;
        this.properties = properties;
    }

    /** A draft of any {@link Message}, checked as the RocketMQ 5 client checks messages before sending. */
    static Draft of(Message message, String producerGroupIfTransactional) {
        Require.notNull(message, "message should not be null");
        String topic = ResourceNames.checkTopic(message.getTopic());
        ByteBuffer buffer = Require.notNull(message.getBody(), "body should not be null").duplicate();
        Require.argument(buffer.remaining() <= MAX_BODY_BYTES, "message body is " + buffer.remaining()
                + " bytes; at most " + MAX_BODY_BYTES + " are allowed");
        byte[] body = new byte[buffer.remaining()];
        buffer.get(body);
        boolean transactional = producerGroupIfTransactional != null;
        String group = message.getMessageGroup().orElse(null);
        Long deliveryTimestamp = message.getDeliveryTimestamp().orElse(null);
        if (transactional) {
            Require.argument(group == null && deliveryTimestamp == null,
                    "a transactional message should not have a messageGroup or a deliveryTimestamp");
        }
        Map<String, String> properties = new HashMap<>();
        message.getProperties().forEach((k, v) -> {
            Require.argument(!SystemProperties.isSystem(k), "property " + k + " is reserved by RocketMQ");
            properties.put(k, v);
        });
        message.getTag().ifPresent(tag -> properties.put(SystemProperties.TAGS, tag));
        if (!message.getKeys().isEmpty()) {
            properties.put(SystemProperties.KEYS, String.join(SystemProperties.KEY_SEPARATOR, message.getKeys()));
        }
        if (group != null) {
            properties.put(SystemProperties.MESSAGE_GROUP, group);
        }
        if (deliveryTimestamp != null) {
            properties.put(SystemProperties.DELIVER_TIME_MS, Long.toString(deliveryTimestamp));
        }
        if (transactional) {
            properties.put(SystemProperties.TRANSACTION_PREPARED, "true");
            properties.put(SystemProperties.PRODUCER_GROUP, producerGroupIfTransactional);
        }
        String id = MessageIdGenerator.instance().next();
        properties.put(SystemProperties.UNIQUE_KEY, id);
        return new Draft(topic, group, new CapsuleMessageId(id), transactional, body, properties);
    }

    OutgoingMessage to(int queueId, InetSocketAddress bornHost) {
        return new OutgoingMessage(topic, queueId, body, properties, bornTimestamp, bornHost);
    }
}
