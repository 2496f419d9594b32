package io.capsulemq.broker.store;

import io.capsulemq.broker.store.message.MessageProperties;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A message handed to the store: where it goes and what it carries. The store assigns offsets and times. */
public final class MessageToStore {
    private static final InetSocketAddress UNKNOWN_HOST = new InetSocketAddress("127.0.0.1", 0);

    private final String topic;
    private final int queueId;
    private final int flag;
    private final int sysFlag;
    private final byte[] body;
    private final Map<String, String> properties;
    private final long bornTimestamp;
    private final InetSocketAddress bornHost;
    private final int reconsumeTimes;
    private final long preparedTransactionOffset;
    private final Long tagsCode;
    /** The properties as the log stores them; computed once, the message being immutable. */
    private byte[] encodedProperties;

    private MessageToStore(Builder b) {
        this.topic = b.topic;
        this.queueId = b.queueId;
        this.flag = b.flag;
        this.sysFlag = b.sysFlag;
        this.body = b.body;
        this.properties = b.handOverProperties();
        this.bornTimestamp = b.bornTimestamp;
        this.bornHost = b.bornHost;
        this.reconsumeTimes = b.reconsumeTimes;
        this.preparedTransactionOffset = b.preparedTransactionOffset;
        this.tagsCode = b.tagsCode;
    }

    public static Builder builder(String topic, int queueId) {
        return new Builder(topic, queueId);
    }

    /**
     * A builder holding everything of this message, addressed to another topic and queue: how the broker moves a
     * message into its timer, its half-message topic, a retry or a dead-letter topic and back.
     */
    public Builder copyTo(String newTopic, int newQueueId) {
        Builder b = new Builder(newTopic, newQueueId).body(body).flag(flag).sysFlag(sysFlag).properties(properties)
                .bornTimestamp(bornTimestamp).bornHost(bornHost).reconsumeTimes(reconsumeTimes)
                .preparedTransactionOffset(preparedTransactionOffset);
        b.tagsCode = tagsCode;
        return b;
    }

    public String topic() { return topic; }
    public int queueId() { return queueId; }
    public int flag() { return flag; }
    public int sysFlag() { return sysFlag; }
    /** The body; not copied, so callers must not change it after handing it over. */
    public byte[] body() { return body; }
    public Map<String, String> properties() { return properties; }
    public long bornTimestamp() { return bornTimestamp; }
    public InetSocketAddress bornHost() { return bornHost; }
    public int reconsumeTimes() { return reconsumeTimes; }
    public long preparedTransactionOffset() { return preparedTransactionOffset; }

    /** The properties in RocketMQ's encoding, as UTF-8 bytes: what the record stores. */
    public byte[] encodedProperties() {
        byte[] encoded = encodedProperties;
        if (encoded == null) {
            encoded = MessageProperties.encode(properties).getBytes(StandardCharsets.UTF_8);
            encodedProperties = encoded;
        }
        return encoded;
    }

    /** The consume queue's tag code: as given, else the hash of the TAGS property. */
    public long tagsCode() {
        return tagsCode != null ? tagsCode : MessageProperties.tagsCode(properties.get(MessageProperties.TAGS));
    }

    public static final class Builder {
        private final String topic;
        private final int queueId;
        private int flag;
        private int sysFlag;
        private byte[] body = new byte[0];
        /** Handed to the message built, unmodifiable, while {@code handedOver} is set; copied before a change. */
        private Map<String, String> properties = new LinkedHashMap<>();
        private boolean handedOver;
        private long bornTimestamp = System.currentTimeMillis();
        private InetSocketAddress bornHost = UNKNOWN_HOST;
        private int reconsumeTimes;
        private long preparedTransactionOffset;
        private Long tagsCode;

        private Builder(String topic, int queueId) {
            this.topic = Objects.requireNonNull(topic, "topic");
            this.queueId = queueId;
        }

        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        public Builder flag(int flag) {
            this.flag = flag;
            return this;
        }

        public Builder sysFlag(int sysFlag) {
            this.sysFlag = sysFlag;
            return this;
        }

        public Builder property(String name, String value) {
            writableProperties().put(Objects.requireNonNull(name, "property name"), Objects.requireNonNull(value, name));
            return this;
        }

        public Builder properties(Map<String, String> properties) {
            properties.forEach(this::property);
            return this;
        }

        public Builder removeProperty(String name) {
            if (properties.containsKey(name)) {
                writableProperties().remove(name);
            }
            return this;
        }

        private Map<String, String> writableProperties() {
            if (handedOver) {
                properties = new LinkedHashMap<>(properties);
                handedOver = false;
            }
            return properties;
        }

        /**
         * The properties for a message being built: this builder's map itself, unmodifiable, rather than a copy (a
         * message is built once per send); the builder copies it before changing it again.
         */
        private Map<String, String> handOverProperties() {
            if (!handedOver) {
                properties = Collections.unmodifiableMap(properties);
                handedOver = true;
            }
            return properties;
        }

        public Builder tags(String tags) {
            return property(MessageProperties.TAGS, tags);
        }

        /** One or more look-up keys, kept in the KEYS property separated by spaces. */
        public Builder keys(String... keys) {
            return property(MessageProperties.KEYS, String.join(MessageProperties.KEY_SEPARATOR, keys));
        }

        public Builder bornTimestamp(long millis) {
            this.bornTimestamp = millis;
            return this;
        }

        public Builder bornHost(InetSocketAddress host) {
            this.bornHost = Objects.requireNonNull(host, "bornHost");
            return this;
        }

        public Builder reconsumeTimes(int times) {
            this.reconsumeTimes = times;
            return this;
        }

        public Builder preparedTransactionOffset(long offset) {
            this.preparedTransactionOffset = offset;
            return this;
        }

        /** Overrides the tag code kept in the consume queue (timed messages keep their delivery time there). */
        public Builder tagsCode(long code) {
            this.tagsCode = code;
            return this;
        }

        public MessageToStore build() {
            return new MessageToStore(this);
        }
    }
}
