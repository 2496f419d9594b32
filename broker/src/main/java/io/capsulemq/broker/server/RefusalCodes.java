package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.broker.engine.filter.FilterSyntaxException;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.server.body.MalformedBodyException;

/** The response code that answers a refused request, by what refused it. */
final class RefusalCodes {
    private RefusalCodes() {
    }

    /** The code for {@code failure}, or -1 when it is not a refusal but a fault (answered SYSTEM_ERROR). */
    static int of(Throwable failure) {
        if (failure instanceof RequestRefusedException r) {
            return r.responseCode();
        }
        if (failure instanceof BrokerException b) {
            return of(b.reason());
        }
        if (failure instanceof FilterSyntaxException) {
            return ResponseCode.SUBSCRIPTION_PARSE_FAILED;
        }
        if (failure instanceof MalformedBodyException || failure instanceof IllegalArgumentException) {
            return ResponseCode.INVALID_PARAMETER;
        }
        return -1;
    }

    static int of(BrokerException.Reason reason) {
        return switch (reason) {
            case TOPIC_NOT_EXIST -> ResponseCode.TOPIC_NOT_EXIST;
            case NO_PERMISSION -> ResponseCode.NO_PERMISSION;
            case MESSAGE_ILLEGAL -> ResponseCode.MESSAGE_ILLEGAL;
            case SERVICE_NOT_AVAILABLE -> ResponseCode.SERVICE_NOT_AVAILABLE;
            case SUBSCRIPTION_ILLEGAL -> ResponseCode.SUBSCRIPTION_PARSE_FAILED;
            case SUBSCRIPTION_GROUP_NOT_EXIST -> ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST;
            case NOT_FOUND -> ResponseCode.QUERY_NOT_FOUND;
            case SYSTEM_ERROR -> ResponseCode.SYSTEM_ERROR;
        };
    }
}
