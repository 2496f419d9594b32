package io.capsulemq.broker.server;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;

import java.util.Locale;

/**
 * Typed reading of a request's header fields (its extFields). A required field that is missing, or any field that
 * does not parse, refuses the request with {@code INVALID_PARAMETER} naming the field, its meaning when the wire
 * name is a compact one, and the value.
 */
final class RequestFields {
    private final RemotingCommand request;

    private RequestFields(RemotingCommand request) {
        this.request = request;
    }

    static RequestFields of(RemotingCommand request) {
        return new RequestFields(request);
    }

    String string(String name) {
        return string(name, null);
    }

    /** A required, non-empty text field; {@code meaning} names a compact field ({@code b} is the topic). */
    String string(String name, String meaning) {
        String value = request.extField(name);
        if (value == null || value.isEmpty()) {
            throw missing(name, meaning);
        }
        return value;
    }

    /** An optional text field, or null. */
    String optionalString(String name) {
        String value = request.extField(name);
        return value == null || value.isEmpty() ? null : value;
    }

    int integer(String name) {
        return integer(name, null);
    }

    int integer(String name, String meaning) {
        return parseInt(name, meaning, string(name, meaning));
    }

    int optionalInteger(String name, int absent) {
        return optionalInteger(name, null, absent);
    }

    int optionalInteger(String name, String meaning, int absent) {
        String value = optionalString(name);
        return value == null ? absent : parseInt(name, meaning, value);
    }

    long longValue(String name) {
        return longValue(name, null);
    }

    long longValue(String name, String meaning) {
        return parseLong(name, meaning, string(name, meaning));
    }

    long optionalLong(String name, long absent) {
        String value = optionalString(name);
        return value == null ? absent : parseLong(name, null, value);
    }

    boolean optionalBoolean(String name, boolean absent) {
        return optionalBoolean(name, null, absent);
    }

    /** {@code true} or {@code false} in any case, as Java's and RocketMQ's clients write them. */
    boolean optionalBoolean(String name, String meaning, boolean absent) {
        String value = optionalString(name);
        if (value == null) {
            return absent;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name, meaning, value, "is not true or false");
        };
    }

    private int parseInt(String name, String meaning, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, meaning, value, "is not a 32-bit integer");
        }
    }

    private long parseLong(String name, String meaning, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, meaning, value, "is not a 64-bit integer");
        }
    }

    private RequestRefusedException missing(String name, String meaning) {
        return new RequestRefusedException(ResponseCode.INVALID_PARAMETER, RequestCode.nameOf(request.code())
                + ": header field " + label(name, meaning) + " is missing");
    }

    private RequestRefusedException invalid(String name, String meaning, String value, String problem) {
        return new RequestRefusedException(ResponseCode.INVALID_PARAMETER, RequestCode.nameOf(request.code())
                + ": header field " + label(name, meaning) + " " + problem + ": '" + value + "'");
    }

    private static String label(String name, String meaning) {
        return meaning == null ? "'" + name + "'" : "'" + name + "' (" + meaning + ")";
    }
}
