package io.capsulemq.client.local;

import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.GatewayException.Kind;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Engine refusals as the gateway's failures, keeping the engine's message (it names what was wrong). */
final class EngineFailures {
    private EngineFailures() {
    }

    static GatewayException translate(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof GatewayException g) {
            return g;
        }
        if (cause instanceof BrokerException b) {
            return new GatewayException(kind(b.reason()), b.getMessage(), b);
        }
        if (cause instanceof IllegalArgumentException) {
            return new GatewayException(Kind.ILLEGAL_REQUEST, cause.getMessage(), cause);
        }
        if (cause instanceof IllegalStateException || cause instanceof java.util.concurrent.RejectedExecutionException) {
            return new GatewayException(Kind.UNAVAILABLE, "the broker cannot serve this now: " + cause.getMessage(),
                    cause);
        }
        return new GatewayException(Kind.INTERNAL, "the broker failed: " + cause, cause);
    }

    private static Kind kind(BrokerException.Reason reason) {
        return switch (reason) {
            case TOPIC_NOT_EXIST -> Kind.TOPIC_NOT_FOUND;
            case SUBSCRIPTION_GROUP_NOT_EXIST -> Kind.GROUP_NOT_FOUND;
            case NO_PERMISSION -> Kind.FORBIDDEN;
            case MESSAGE_ILLEGAL, SUBSCRIPTION_ILLEGAL -> Kind.ILLEGAL_REQUEST;
            case NOT_FOUND -> Kind.NOT_FOUND;
            case SERVICE_NOT_AVAILABLE -> Kind.UNAVAILABLE;
            default -> Kind.INTERNAL;
        };
    }
}
