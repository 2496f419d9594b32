package io.capsulemq.client.message;

import org.apache.rocketmq.client.apis.message.Message;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A message built to be sent; immutable. */
final class OutboundMessage implements Message {
    private final String topic;
    private final byte[] body;
    private final String tag;
    private final List<String> keys;
    private final String messageGroup;
    private final Long deliveryTimestamp;
    private final Map<String, String> properties;

    OutboundMessage(String topic, byte[] body, String tag, List<String> keys, String messageGroup,
                    Long deliveryTimestamp, Map<String, String> properties) {
        this.topic = topic;
        this.body = body.clone();
        this.tag = tag;
        this.keys = List.copyOf(keys);
        this.messageGroup = messageGroup;
        this.deliveryTimestamp = deliveryTimestamp;
        this.properties = Map.copyOf(properties);
    }

    @Override
    public String getTopic() {
        return topic;
    }

    @Override
    public ByteBuffer getBody() {
        return ByteBuffer.wrap(body).asReadOnlyBuffer();
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Optional<String> getTag() {
        return Optional.ofNullable(tag);
    }

    @Override
    public Collection<String> getKeys() {
        return keys;
    }

    @Override
    public Optional<String> getMessageGroup() {
        return Optional.ofNullable(messageGroup);
    }

    @Override
    public Optional<Long> getDeliveryTimestamp() {
        return Optional.ofNullable(deliveryTimestamp);
    }

    @Override
    public String toString() {
        return "Message{topic=" + topic + ", tag=" + tag + ", keys=" + keys + ", messageGroup=" + messageGroup
                + ", deliveryTimestamp=" + deliveryTimestamp + ", bodySize=" + body.length + "}";
    }
}
