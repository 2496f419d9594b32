package io.capsulemq.broker.standalone;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RocketMQ settings a broker.conf may carry that Capsule accepts but has no use for, each with the reason, so an
 * operator's existing file starts and says what it does not do.
 */
final class IgnoredKeys {
    private static final String NO_SLAVES = "Capsule runs a single master and replicates to no slave";
    private static final String REGISTERS_IN_FULL = "Capsule registers every topic each time, uncompressed, "
            + "split into frames of at most 4 MiB";
    private static final Map<String, String> REASONS = new LinkedHashMap<>();

    static {
        REASONS.put("deleteWhen", "Capsule deletes a commit log segment as soon as it is older than "
                + "fileReservedTime (checked every cleanResourceInterval), at any hour");
        REASONS.put("brokerIP2", NO_SLAVES);
        REASONS.put("haListenPort", NO_SLAVES);
        REASONS.put("haMasterAddress", NO_SLAVES);
        REASONS.put("compressedRegister", REGISTERS_IN_FULL);
        REASONS.put("forceRegister", REGISTERS_IN_FULL);
        REASONS.put("enableSplitRegistration", REGISTERS_IN_FULL);
        REASONS.put("splitRegistrationSize", REGISTERS_IN_FULL);
        REASONS.put("enableAcl", "Capsule has no access control: every client that reaches the broker is served");
        REASONS.put("authenticationEnabled", "Capsule has no access control: every client that reaches the broker "
                + "is served");
        REASONS.put("authorizationEnabled", "Capsule has no access control: every client that reaches the broker "
                + "is served");
    }

    private IgnoredKeys() {
    }

    /** Reads the ignored keys present and adds a note for each to {@code notes}. */
    static void read(ConfEntries conf, List<String> notes) {
        REASONS.forEach((key, reason) -> conf.text(key).ifPresent(value ->
                notes.add(key + "=" + value + " is ignored: " + reason)));
    }
}
