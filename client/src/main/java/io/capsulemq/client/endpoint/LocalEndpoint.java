package io.capsulemq.client.endpoint;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * An embedded broker's endpoint, {@code local[:<dir>][?setting=value&...]}, taken apart: its data folder (absolute;
 * {@code ./capsule-data} when none is given) and its settings. Values may be URL-encoded.
 */
record LocalEndpoint(String text, Path dataDir, Map<String, String> settings) {
    static final String SCHEME = "local";
    static final Path DEFAULT_DIR = Path.of("capsule-data");

    static boolean isLocal(String endpoint) {
        return endpoint.equals(SCHEME) || endpoint.startsWith(SCHEME + ":") || endpoint.startsWith(SCHEME + "?");
    }

    static LocalEndpoint parse(String endpoint) {
        String rest = endpoint.substring(SCHEME.length());
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String dir = rest.startsWith(":") ? rest.substring(1) : rest;
        Path path;
        try {
            path = (dir.isEmpty() ? DEFAULT_DIR : Path.of(dir)).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "': '" + dir + "' is not a usable folder: "
                    + e.getMessage(), e);
        }
        Map<String, String> settings = new TreeMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("endpoint '" + endpoint + "': '" + pair
                        + "' is not a setting=value pair");
            }
            String name = decode(pair.substring(0, eq));
            if (settings.put(name, decode(pair.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("endpoint '" + endpoint + "' sets " + name + " twice");
            }
        }
        BrokerSettings.check(endpoint, settings);
        return new LocalEndpoint(endpoint, path, Map.copyOf(settings));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
