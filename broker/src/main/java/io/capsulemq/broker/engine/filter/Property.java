package io.capsulemq.broker.engine.filter;

import java.util.Map;

/** A message property by name (case-sensitive); null when the message has none. */
record Property(String name) implements Node {
    @Override
    public Object evaluate(Map<String, String> properties) {
        return properties.get(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
