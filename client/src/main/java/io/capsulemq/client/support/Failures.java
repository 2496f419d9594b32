package io.capsulemq.client.support;

import io.capsulemq.client.gateway.GatewayException;
import org.apache.rocketmq.client.apis.ClientException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Gateway failures as the API's {@link ClientException}, and waiting on futures the way the API's calls block. */
public final class Failures {
    private Failures() {
    }

    /** The failure as the API reports it: a ClientException (unchanged if it is one) naming what went wrong. */
    public static ClientException toClientException(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ClientException c) {
            return c;
        }
        if (cause instanceof GatewayException g) {
            return new ClientException("[" + g.kind() + "] " + g.getMessage(), g);
        }
        return new ClientException(String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause), cause);
    }

    /** Waits for a future; its failure is thrown as a ClientException, or as the argument error it was. */
    public static <T> T await(CompletableFuture<T> future) throws ClientException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while waiting for the broker", e);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
                throw (RuntimeException) cause;
            }
            throw toClientException(cause);
        }
    }

    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A future failed with the failure as a ClientException. */
    public static <T> CompletableFuture<T> failed(Throwable failure) {
        Throwable cause = unwrap(failure);
        return CompletableFuture.failedFuture(cause instanceof IllegalArgumentException
                || cause instanceof IllegalStateException ? cause : toClientException(cause));
    }
}
