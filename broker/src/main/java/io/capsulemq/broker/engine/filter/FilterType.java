package io.capsulemq.broker.engine.filter;

/** The language of a subscription's filter expression. */
public enum FilterType {
    TAG, SQL92
}
