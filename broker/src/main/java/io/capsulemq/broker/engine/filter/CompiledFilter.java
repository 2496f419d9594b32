package io.capsulemq.broker.engine.filter;

import io.capsulemq.broker.store.MessageFilter;

/** A subscription's filter, compiled once and safe to share between threads; it can say what it was made from. */
public interface CompiledFilter extends MessageFilter {
    FilterType type();

    /** The expression as subscribed ({@code *} for a tag filter given none). */
    String expression();
}
