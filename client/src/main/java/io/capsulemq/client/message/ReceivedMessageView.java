package io.capsulemq.client.message;

import io.capsulemq.client.gateway.DeliveredMessage;
import org.apache.rocketmq.client.apis.message.MessageId;
import org.apache.rocketmq.client.apis.message.MessageView;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A received message as the API shows it. The topic is the one it was sent to, also for a retried message (kept in
 * RETRY_TOPIC) and for a half message being checked (REAL_TOPIC); properties are the application's only; the
 * delivery attempt counts this delivery. A message taken by a simple consumer also carries its receipt handle.
 */
public final class ReceivedMessageView implements MessageView {
    private final DeliveredMessage message;
    private final MessageId messageId;
    private final String topic;
    private final int deliveryAttempt;
    private final Map<String, String> userProperties;
    private final String poppedTopic;
    private volatile String receiptHandle;

    private ReceivedMessageView(DeliveredMessage message, int deliveryAttempt, String poppedTopic,
                                String receiptHandle) {
        this.message = message;
        String id = message.property(SystemProperties.UNIQUE_KEY);
        this.messageId = new CapsuleMessageId(id != null ? id : "");
        this.topic = originalTopic(message);
        this.deliveryAttempt = deliveryAttempt;
        this.poppedTopic = poppedTopic;
        this.receiptHandle = receiptHandle;
        Map<String, String> user = new HashMap<>();
        message.properties().forEach((k, v) -> {
            if (!SystemProperties.isSystem(k)) {
                user.put(k, v);
            }
        });
        this.userProperties = Map.copyOf(user);
    }

    /** A pushed message on its first delivery by this consumer: attempt = broker-side retries + 1. */
    public static ReceivedMessageView of(DeliveredMessage message) {
        return new ReceivedMessageView(message, message.reconsumeTimes() + 1, null, null);
    }

    /** A pushed message redelivered in place {@code localRetries} times (ordered consumption). */
    public static ReceivedMessageView of(DeliveredMessage message, int localRetries) {
        return new ReceivedMessageView(message, message.reconsumeTimes() + 1 + localRetries, null, null);
    }

    /** A popped message, with the broker's delivery count and the handle to acknowledge it by. */
    public static ReceivedMessageView popped(DeliveredMessage message, String poppedTopic, String receiptHandle,
                                             int deliveryAttempt) {
        return new ReceivedMessageView(message, deliveryAttempt, poppedTopic, receiptHandle);
    }

    private static String originalTopic(DeliveredMessage m) {
        String retried = m.property(SystemProperties.RETRY_TOPIC);
        if (retried != null) {
            return retried;
        }
        String real = m.property(SystemProperties.REAL_TOPIC);
        return real != null ? real : m.topic();
    }

    /** The message as the broker delivered it. */
    public DeliveredMessage delivered() {
        return message;
    }

    /** The topic the message was popped from (a retry topic for a retried message); null for pushed messages. */
    public String poppedTopic() {
        return poppedTopic;
    }

    public String receiptHandle() {
        return receiptHandle;
    }

    public void receiptHandle(String handle) {
        this.receiptHandle = handle;
    }

    @Override
    public MessageId getMessageId() {
        return messageId;
    }

    @Override
    public String getTopic() {
        return topic;
    }

    @Override
    public ByteBuffer getBody() {
        return ByteBuffer.wrap(message.body()).asReadOnlyBuffer();
    }

    @Override
    public Map<String, String> getProperties() {
        return userProperties;
    }

    @Override
    public Optional<String> getTag() {
        String tag = message.property(SystemProperties.TAGS);
        return tag == null || tag.isEmpty() ? Optional.empty() : Optional.of(tag);
    }

    @Override
    public Collection<String> getKeys() {
        String keys = message.property(SystemProperties.KEYS);
        if (keys == null || keys.isBlank()) {
            return List.of();
        }
        return Arrays.stream(keys.split(SystemProperties.KEY_SEPARATOR)).filter(k -> !k.isEmpty()).toList();
    }

    @Override
    public Optional<String> getMessageGroup() {
        return Optional.ofNullable(message.property(SystemProperties.MESSAGE_GROUP));
    }

    @Override
    public Optional<Long> getDeliveryTimestamp() {
        String at = message.property(SystemProperties.DELIVER_TIME_MS);
        if (at == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(at.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String getBornHost() {
        return message.bornHost() == null ? "" : message.bornHost().getHostString();
    }

    @Override
    public long getBornTimestamp() {
        return message.bornTimestamp();
    }

    @Override
    public int getDeliveryAttempt() {
        return deliveryAttempt;
    }

    @Override
    public String toString() {
        return "MessageView{id=" + messageId + ", topic=" + topic + ", tag=" + getTag().orElse(null) + ", keys="
                + getKeys() + ", messageGroup=" + getMessageGroup().orElse(null) + ", deliveryAttempt="
                + deliveryAttempt + ", queue=" + message.topic() + "#" + message.queueId() + "@"
                + message.queueOffset() + "}";
    }
}
