package io.capsulemq.rar.inbound;

import io.capsulemq.broker.engine.group.ConsumeFrom;
import io.capsulemq.rar.api.CapsuleListener;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.Activation;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;
import org.apache.rocketmq.client.apis.consumer.MessageListener;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a message-driven bean consumes: its topic and consumer group, a filter (a TAG expression such as
 * {@code a || b}, or SQL92 over the properties), CONCURRENT or FIFO consumption, how many times a failed message is
 * retried before the dead-letter queue, how many messages are consumed at once, how many are fetched ahead, and
 * where a new group starts (LAST_OFFSET or FIRST_OFFSET). Set with {@code @ActivationConfigProperty};
 * {@code consumerGroup} is required, and {@code topic} for a bean implementing the native {@link MessageListener}.
 * A bean implementing {@link CapsuleListener} names its topics and tags in its {@code @OnMessage} methods instead.
 */
@Activation(messageListeners = {MessageListener.class, CapsuleListener.class})
public class CapsuleActivationSpec implements ActivationSpec {
    private static final Pattern NAME = Pattern.compile("^[%a-zA-Z0-9_-]+$");

    @ConfigProperty(description = "The topic to consume (a CapsuleListener bean names its topics in @OnMessage)")
    private String topic;

    @ConfigProperty(description = "The consumer group the bean's instances share")
    private String consumerGroup;

    @ConfigProperty(defaultValue = "*", description = "The filter: tags (a || b, * for all) or an SQL92 condition")
    private String filterExpression = "*";

    @ConfigProperty(defaultValue = "TAG", description = "TAG or SQL92")
    private String filterType = "TAG";

    @ConfigProperty(defaultValue = "CONCURRENT", description = "CONCURRENT or FIFO (each message group in order)")
    private String consumeMode = "CONCURRENT";

    @ConfigProperty(defaultValue = "16", description = "Retries of a failed message before the dead-letter queue")
    private Integer maxReconsumeTimes = 16;

    @ConfigProperty(defaultValue = "20", description = "Messages consumed at once (bean instances at work)")
    private Integer maxConcurrency = 20;

    @ConfigProperty(defaultValue = "1024", description = "Messages fetched ahead of consumption, at most")
    private Integer maxCacheMessageCount = 1024;

    @ConfigProperty(defaultValue = "LAST_OFFSET",
            description = "Where a new group starts: LAST_OFFSET (new messages) or FIRST_OFFSET (all kept)")
    private String consumeFrom = "LAST_OFFSET";

    private transient ResourceAdapter resourceAdapter;

    /** Checks every property, naming the one that is wrong. */
    @Override
    public void validate() throws InvalidPropertyException {
        try {
            settings();
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException("Capsule MQ activation: " + e.getMessage());
        }
    }

    /** The checked settings of this activation; whether a topic is needed depends on the bean (see ListenerRoutes). */
    ActivationSettings settings() {
        String t = topic == null || topic.isBlank() ? null : name("topic", topic);
        String g = name("consumerGroup", consumerGroup);
        FilterExpressionType type;
        try {
            type = FilterExpressionType.valueOf(text("filterType", filterType).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("filterType: '" + filterType + "' is not TAG or SQL92");
        }
        String expression = text("filterExpression", filterExpression);
        ConsumeMode mode = ConsumeMode.parse(text("consumeMode", consumeMode));
        int retries = atLeast("maxReconsumeTimes", maxReconsumeTimes, 0);
        int concurrency = atLeast("maxConcurrency", maxConcurrency, 1);
        int cache = atLeast("maxCacheMessageCount", maxCacheMessageCount, 1);
        ConsumeFrom from = switch (text("consumeFrom", consumeFrom).toUpperCase(Locale.ROOT)) {
            case "LAST_OFFSET", "CONSUME_FROM_LAST_OFFSET" -> ConsumeFrom.LAST_OFFSET;
            case "FIRST_OFFSET", "CONSUME_FROM_FIRST_OFFSET" -> ConsumeFrom.FIRST_OFFSET;
            default -> throw new IllegalArgumentException("consumeFrom: '" + consumeFrom
                    + "' is not LAST_OFFSET or FIRST_OFFSET");
        };
        return new ActivationSettings(t, g, new FilterExpression(expression, type), mode, retries, concurrency,
                cache, from);
    }

    private static String name(String property, String value) {
        String v = text(property, value);
        if (!NAME.matcher(v).matches()) {
            throw new IllegalArgumentException(property + ": '" + v + "' has characters other than letters, "
                    + "digits, %, _ and -");
        }
        return v;
    }

    private static String text(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + " is not set");
        }
        return value.trim();
    }

    private static int atLeast(String property, Integer value, int min) {
        if (value == null || value < min) {
            throw new IllegalArgumentException(property + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        this.resourceAdapter = ra;
    }

    public String getTopic() { return topic; }
    public void setTopic(String topic) { this.topic = topic; }
    public String getConsumerGroup() { return consumerGroup; }
    public void setConsumerGroup(String consumerGroup) { this.consumerGroup = consumerGroup; }
    public String getFilterExpression() { return filterExpression; }
    public void setFilterExpression(String filterExpression) { this.filterExpression = filterExpression; }
    public String getFilterType() { return filterType; }
    public void setFilterType(String filterType) { this.filterType = filterType; }
    public String getConsumeMode() { return consumeMode; }
    public void setConsumeMode(String consumeMode) { this.consumeMode = consumeMode; }
    public Integer getMaxReconsumeTimes() { return maxReconsumeTimes; }
    public void setMaxReconsumeTimes(Integer maxReconsumeTimes) { this.maxReconsumeTimes = maxReconsumeTimes; }
    public Integer getMaxConcurrency() { return maxConcurrency; }
    public void setMaxConcurrency(Integer maxConcurrency) { this.maxConcurrency = maxConcurrency; }
    public Integer getMaxCacheMessageCount() { return maxCacheMessageCount; }
    public void setMaxCacheMessageCount(Integer maxCacheMessageCount) { this.maxCacheMessageCount = maxCacheMessageCount; }
    public String getConsumeFrom() { return consumeFrom; }
    public void setConsumeFrom(String consumeFrom) { this.consumeFrom = consumeFrom; }

    @Override
    public String toString() {
        return "CapsuleActivationSpec{topic=" + topic + ", consumerGroup=" + consumerGroup + ", filter="
                + filterType + ":" + filterExpression + ", consumeMode=" + consumeMode + "}";
    }
}
