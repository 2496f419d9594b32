package io.capsulemq.client.remote;

import io.capsulemq.broker.engine.filter.FilterType;
import io.capsulemq.broker.engine.filter.Filters;
import io.capsulemq.broker.engine.filter.TagFilter;
import io.capsulemq.client.gateway.ConsumerHeartbeat;
import io.capsulemq.client.gateway.SubscriptionSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The body of a HEART_BEAT (RocketMQ's {@code HeartbeatData}): the client's id, the producer groups it sends for and
 * the consumer groups it consumes in, with their subscriptions. Push consumers check in as RocketMQ's push
 * consumers ({@code CONSUME_PASSIVELY}), simple consumers as pop consumers ({@code CONSUME_POP}); all in clustering.
 */
final class HeartbeatBody {
    private HeartbeatBody() {
    }

    /**
     * @param subVersions each subscription's version, the time it was first registered (a broker takes a newer
     *                    version of a subscription as a change)
     */
    static byte[] of(String clientId, Set<String> producerGroups, Map<String, ConsumerHeartbeat> consumers,
                     Map<SubscriptionSpec, Long> subVersions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientID", clientId);
        List<Map<String, Object>> producers = new ArrayList<>();
        for (String group : new TreeSet<>(producerGroups)) {
            producers.add(Map.of("groupName", group));
        }
        body.put("producerDataSet", producers);
        List<Map<String, Object>> consumerData = new ArrayList<>();
        consumers.forEach((group, heartbeat) -> consumerData.add(consumer(heartbeat, subVersions)));
        body.put("consumerDataSet", consumerData);
        body.put("heartbeatFingerprint", 0);
        body.put("withoutSub", false);
        return RocketJson.write(body);
    }

    private static Map<String, Object> consumer(ConsumerHeartbeat heartbeat, Map<SubscriptionSpec, Long> versions) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("groupName", heartbeat.group());
        data.put("consumeType", heartbeat.mode() == ConsumerHeartbeat.ConsumeMode.POP ? "CONSUME_POP"
                : "CONSUME_PASSIVELY");
        data.put("messageModel", "CLUSTERING");
        data.put("consumeFromWhere", "CONSUME_FROM_LAST_OFFSET");
        List<Map<String, Object>> subscriptions = new ArrayList<>();
        for (SubscriptionSpec spec : heartbeat.subscriptions()) {
            subscriptions.add(subscription(spec, versions.getOrDefault(spec, 0L)));
        }
        data.put("subscriptionDataSet", subscriptions);
        data.put("unitMode", false);
        return data;
    }

    /** RocketMQ's {@code SubscriptionData}: a tag expression also as its tags and their hash codes. */
    static Map<String, Object> subscription(SubscriptionSpec spec, long version) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("classFilterMode", false);
        data.put("topic", spec.topic());
        data.put("subString", spec.expression());
        Set<String> tags = new TreeSet<>();
        Set<Integer> codes = new TreeSet<>();
        if (spec.kind() == SubscriptionSpec.FilterKind.TAG
                && Filters.compile(FilterType.TAG, spec.expression()) instanceof TagFilter tag && !tag.matchesAll()) {
            tags.addAll(tag.tags());
            tags.forEach(t -> codes.add(t.hashCode()));
        }
        data.put("tagsSet", tags);
        data.put("codeSet", codes);
        data.put("subVersion", version);
        data.put("expressionType", spec.kind().name());
        return data;
    }
}
