package io.capsulemq.broker.server.body;

import java.util.List;

/**
 * A consumer's subscription to one topic (RocketMQ's {@code SubscriptionData}): the expression, its type
 * ({@code TAG} or {@code SQL92}) and, for tags, the tags and their hash codes the client worked out.
 */
public record SubscriptionData(boolean classFilterMode, String topic, String subString, List<String> tagsSet,
                               List<Integer> codeSet, long subVersion, String expressionType) {
    public SubscriptionData {
        tagsSet = tagsSet == null ? List.of() : tagsSet;
        codeSet = codeSet == null ? List.of() : codeSet;
    }
}
