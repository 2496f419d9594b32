package io.capsulemq.broker.engine.filter;

import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A tag subscription, with RocketMQ's semantics (its {@code FilterAPI.buildSubscriptionData}, the broker's
 * {@code ExpressionMessageFilter} and the client's exact tag check):
 * <ul>
 *   <li>null, empty or {@code *} subscribes to everything, untagged messages included. We also take an expression
 *       that is blank or {@code *} once trimmed as "everything"; RocketMQ would treat {@code " * "} as the tag
 *       {@code *} and a blank one as no tags at all.</li>
 *   <li>Otherwise the expression is split on {@code ||}, each part trimmed, empty parts dropped; a part {@code *}
 *       there is the literal tag {@code *}. An expression that leaves no tag (such as {@code "||"}) is rejected;
 *       RocketMQ would accept it and deliver nothing.</li>
 *   <li>{@link #matchesTagsCode} tests the consume queue's tag code against the tags' codes
 *       ({@link MessageProperties#tagsCode}); {@link #matches} then checks the message's tag exactly, case-sensitive,
 *       because different tags can share a hash code. An untagged message matches only "everything".</li>
 * </ul>
 */
public final class TagFilter implements CompiledFilter {
    private static final String ALL = "*";
    private static final String SEPARATOR = "\\|\\|";

    private final String expression;
    /** Null when the subscription is to everything. */
    private final Set<String> tags;
    private final long[] sortedCodes;

    private TagFilter(String expression, Set<String> tags, long[] sortedCodes) {
        this.expression = expression;
        this.tags = tags;
        this.sortedCodes = sortedCodes;
    }

    static TagFilter parse(String expression) {
        if (expression == null || expression.isBlank() || expression.strip().equals(ALL)) {
            return new TagFilter(expression == null || expression.isEmpty() ? ALL : expression, null, null);
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String part : expression.split(SEPARATOR)) {
            String tag = part.trim();
            if (!tag.isEmpty()) {
                tags.add(tag);
            }
        }
        if (tags.isEmpty()) {
            throw new FilterSyntaxException(FilterType.TAG, expression, 1, "expected a tag");
        }
        long[] codes = tags.stream().mapToLong(MessageProperties::tagsCode).distinct().sorted().toArray();
        return new TagFilter(expression, Set.copyOf(tags), codes);
    }

    /** True when this subscribes to every message. */
    public boolean matchesAll() {
        return tags == null;
    }

    /** The subscribed tags, empty when this subscribes to everything. */
    public Set<String> tags() {
        return tags == null ? Set.of() : tags;
    }

    @Override
    public boolean matchesTagsCode(long tagsCode) {
        return tags == null || Arrays.binarySearch(sortedCodes, tagsCode) >= 0;
    }

    @Override
    public boolean matches(StoredMessage message) {
        if (tags == null) {
            return true;
        }
        String tag = message.tags();
        return tag != null && tags.contains(tag);
    }

    @Override
    public FilterType type() {
        return FilterType.TAG;
    }

    @Override
    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return "TAG filter \"" + expression + "\"";
    }
}
