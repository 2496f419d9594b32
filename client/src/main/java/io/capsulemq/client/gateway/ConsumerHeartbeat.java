package io.capsulemq.client.gateway;

import java.util.List;

/** What a consumer says each time it checks in: its group, how it consumes and what it subscribes to. */
public record ConsumerHeartbeat(String group, ConsumeMode mode, List<SubscriptionSpec> subscriptions) {
    /** Pushed to by a client-side pull loop, or taking messages by pop (the simple consumer). */
    public enum ConsumeMode {
        PUSH, POP
    }

    public ConsumerHeartbeat {
        subscriptions = List.copyOf(subscriptions);
    }
}
