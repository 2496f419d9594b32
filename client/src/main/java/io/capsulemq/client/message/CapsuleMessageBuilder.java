package io.capsulemq.client.message;

import io.capsulemq.client.support.Require;
import io.capsulemq.client.support.ResourceNames;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageBuilder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds messages, checking each value as it is set the way the RocketMQ 5 client does: a tag is not blank and has
 * no {@code |}, keys are not blank, a message group and a delivery timestamp exclude each other, a property is not
 * one of RocketMQ's own.
 */
public final class CapsuleMessageBuilder implements MessageBuilder {
    private String topic;
    private byte[] body;
    private String tag;
    private final List<String> keys = new ArrayList<>();
    private String messageGroup;
    private Long deliveryTimestamp;
    private final Map<String, String> properties = new HashMap<>();

    @Override
    public MessageBuilder setTopic(String topic) {
        this.topic = ResourceNames.checkTopic(topic);
        return this;
    }

    @Override
    public MessageBuilder setBody(byte[] body) {
        this.body = Require.notNull(body, "body should not be null").clone();
        return this;
    }

    @Override
    public MessageBuilder setTag(String tag) {
        Require.argument(!Require.isBlank(tag), "tag should not be blank");
        Require.argument(!tag.contains("|"), "tag should not contain \"|\": '" + tag + "'");
        this.tag = tag;
        return this;
    }

    @Override
    public MessageBuilder setKeys(String... keys) {
        Require.notNull(keys, "keys should not be null");
        for (String key : keys) {
            Require.argument(!Require.isBlank(key), "key should not be blank");
            Require.argument(!key.contains(SystemProperties.KEY_SEPARATOR),
                    "key should not contain whitespace: '" + key + "'");
        }
        this.keys.clear();
        this.keys.addAll(List.of(keys));
        return this;
    }

    @Override
    public MessageBuilder setMessageGroup(String messageGroup) {
        Require.argument(deliveryTimestamp == null,
                "messageGroup and deliveryTimestamp should not be set at the same time");
        Require.argument(!Require.isBlank(messageGroup), "messageGroup should not be blank");
        this.messageGroup = messageGroup;
        return this;
    }

    @Override
    public MessageBuilder setDeliveryTimestamp(long deliveryTimestamp) {
        Require.argument(messageGroup == null,
                "deliveryTimestamp and messageGroup should not be set at the same time");
        Require.argument(deliveryTimestamp > 0, "deliveryTimestamp should be positive, was " + deliveryTimestamp);
        this.deliveryTimestamp = deliveryTimestamp;
        return this;
    }

    @Override
    public MessageBuilder addProperty(String key, String value) {
        Require.argument(!Require.isBlank(key), "property key should not be blank");
        Require.argument(!Require.isBlank(value), "property value should not be blank (key " + key + ")");
        Require.argument(!SystemProperties.isSystem(key), "property " + key
                + " is reserved by RocketMQ; use setTag, setKeys, setMessageGroup or setDeliveryTimestamp, "
                + "or another name");
        properties.put(key, value);
        return this;
    }

    @Override
    public Message build() {
        Require.notNull(topic, "topic has not been set yet");
        Require.notNull(body, "body has not been set yet");
        return new OutboundMessage(topic, body, tag, keys, messageGroup, deliveryTimestamp, properties);
    }
}
