package io.capsulemq.rar;

import java.util.Locale;

/** Where the adapter's broker runs. */
public enum BrokerMode {
    /** Inside the server, its store under the server instance's folder unless set. */
    EMBEDDED,
    /** Elsewhere, reached through NameServer addresses (Capsule MQ or Apache RocketMQ). */
    REMOTE;

    /** The mode a property value names, in any case; anything else is refused naming the property. */
    public static BrokerMode parse(String value) {
        if (value == null || value.isBlank()) {
            return EMBEDDED;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("property mode: '" + value + "' is not embedded or remote");
        }
    }
}
