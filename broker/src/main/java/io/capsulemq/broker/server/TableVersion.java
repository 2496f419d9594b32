package io.capsulemq.broker.server;

import io.capsulemq.broker.server.body.DataVersion;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data version of a configuration table (RocketMQ's {@code DataVersion}): the same as long as the table's
 * content is, a new one (later timestamp, counter one up) once it differs, whatever changed it. Clients reading a
 * table page by page compare versions across pages and start over when it changed; a NameServer skips a
 * registration whose version it has.
 */
final class TableVersion<V> {
    private final Clock clock;
    private Map<String, V> last;
    private DataVersion version;

    TableVersion(Clock clock) {
        this.clock = clock;
    }

    /** The version of {@code table}, which the caller must not change afterwards. */
    synchronized DataVersion of(Map<String, V> table) {
        if (version == null || !table.equals(last)) {
            long counter = version == null ? 0 : version.counter() + 1;
            version = new DataVersion(clock.millis(), counter, 0);
            last = table;
        }
        return version;
    }

    /**
     * The entries of an ordered table from position {@code from}, at most {@code max} of them (all of them when
     * {@code max} is not positive): one page of a paged read.
     */
    static <V> Map<String, V> page(Map<String, V> table, int from, int max) {
        Map<String, V> page = new LinkedHashMap<>();
        int position = 0;
        for (Map.Entry<String, V> entry : table.entrySet()) {
            if (position++ < from) {
                continue;
            }
            if (max > 0 && page.size() >= max) {
                break;
            }
            page.put(entry.getKey(), entry.getValue());
        }
        return page;
    }
}
