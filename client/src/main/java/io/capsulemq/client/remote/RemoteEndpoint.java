package io.capsulemq.client.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network endpoint: one or more NameServer addresses, {@code host:port[;host:port...]}, as RocketMQ clients are
 * given them. The host is a name, an IPv4 address or a bracketed IPv6 address.
 */
public record RemoteEndpoint(String text, List<String> nameServers) {
    private static final Pattern ADDRESS = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+):(\\d{1,5})");

    public RemoteEndpoint {
        nameServers = List.copyOf(nameServers);
        if (nameServers.isEmpty()) {
            throw new IllegalArgumentException("endpoint '" + text + "' names no NameServer");
        }
    }

    /** Whether every {@code ;}-separated part of the endpoint looks like {@code host:port}. */
    public static boolean matches(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return false;
        }
        for (String part : endpoint.split(";", -1)) {
            if (!ADDRESS.matcher(part.trim()).matches()) {
                return false;
            }
        }
        return true;
    }

    /** The endpoint taken apart; a part that is not {@code host:port} with a port up to 65535 is refused. */
    public static RemoteEndpoint parse(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("endpoint is empty: expected host:port[;host:port...]");
        }
        List<String> addresses = new ArrayList<>();
        for (String raw : endpoint.split(";", -1)) {
            String part = raw.trim();
            Matcher m = ADDRESS.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("endpoint '" + endpoint + "': '" + part
                        + "' is not a NameServer address host:port");
            }
            int port = Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("endpoint '" + endpoint + "': port " + port + " of '" + part
                        + "' is not between 1 and 65535");
            }
            if (!addresses.contains(part)) {
                addresses.add(part);
            }
        }
        return new RemoteEndpoint(endpoint.trim(), addresses);
    }

    @Override
    public String toString() {
        return text;
    }
}
