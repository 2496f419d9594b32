package io.capsulemq.broker.namesrv;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;

/** Reads typed fields of a request's header (its extFields), naming the field and request when one is bad. */
final class RequestHeaders {
    private final RemotingCommand request;

    RequestHeaders(RemotingCommand request) {
        this.request = request;
    }

    String required(String name) throws InvalidRequestException {
        String value = request.extField(name);
        if (value == null) {
            throw new InvalidRequestException(RequestCode.nameOf(request.code()) + " misses the header field "
                    + name);
        }
        return value;
    }

    String optional(String name) {
        return request.extField(name);
    }

    long requiredLong(String name) throws InvalidRequestException {
        return parseLong(name, required(name));
    }

    /** The field as a long, or null when absent. */
    Long optionalLong(String name) throws InvalidRequestException {
        String value = optional(name);
        return value == null ? null : parseLong(name, value);
    }

    /** The field as a boolean (as Java's Boolean.parseBoolean reads it, which is what RocketMQ does). */
    Boolean optionalBoolean(String name) {
        String value = optional(name);
        return value == null ? null : Boolean.parseBoolean(value.trim());
    }

    private long parseLong(String name, String value) throws InvalidRequestException {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(RequestCode.nameOf(request.code()) + " has a header field " + name
                    + " that is not a number: " + value);
        }
    }
}
