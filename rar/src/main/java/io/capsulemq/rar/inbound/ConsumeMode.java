package io.capsulemq.rar.inbound;

import java.util.Locale;

/** How an MDB's consumer group takes its messages. */
public enum ConsumeMode {
    /** Messages in parallel, a failed one retried later from the group's retry topic. */
    CONCURRENT,
    /** Each queue in order (so each message group in order), a failed message retried in place. */
    FIFO;

    static ConsumeMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("consumeMode: '" + value + "' is not CONCURRENT or FIFO");
        }
    }
}
