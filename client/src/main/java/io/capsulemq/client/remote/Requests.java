package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;

import java.util.Map;

/**
 * Requests as this client writes them: JSON headers, Java as the language and the version number of the RocketMQ
 * 5.5.0 client (brokers and NameServers choose some answers by the caller's version, such as standard JSON routes).
 */
final class Requests {
    /** {@code MQVersion.Version.V5_5_0.ordinal()}. */
    static final int CLIENT_VERSION = 513;

    private Requests() {
    }

    static RemotingCommand.Builder request(int code) {
        return RemotingCommand.request(code).version(CLIENT_VERSION);
    }

    /** A request with these header fields; null values are left out. */
    static RemotingCommand request(int code, Map<String, ?> fields) {
        RemotingCommand.Builder builder = request(code);
        fields.forEach((name, value) -> {
            if (value != null) {
                builder.extField(name, String.valueOf(value));
            }
        });
        return builder.build();
    }

    /** A response header field as a long; a missing or malformed one is named. */
    static long longField(RemotingCommand response, String name) {
        String value = response.extField(name);
        if (value == null) {
            throw new IllegalStateException("the answer has no '" + name + "' field: " + response);
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the answer's '" + name + "' field is not a number: " + value, e);
        }
    }

    static long longField(RemotingCommand response, String name, long absent) {
        return response.extField(name) == null ? absent : longField(response, name);
    }
}
