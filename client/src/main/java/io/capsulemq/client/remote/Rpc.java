package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.RemotingTimeoutException;
import io.capsulemq.broker.remoting.netty.RemotingClient;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.GatewayException.Kind;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Calls over the gateway's connections. A call's future completes with the answer when its code is one of the
 * accepted ones, otherwise with the refusal as a {@link GatewayException}; no answer in time, or a lost connection,
 * is {@code UNAVAILABLE}. Futures handed to clients ({@link #call}) complete on the gateway's callback threads, never
 * on an I/O thread, so that a client continuing with a blocking call cannot stall the connections; the gateway's own
 * blocking calls ({@link #await}) wait on the I/O thread's answer directly. Every request is signed first when the
 * gateway has credentials ({@link RequestSigner}).
 */
final class Rpc {
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final RemotingClient client;
    private final Executor callbacks;
    private final RequestSigner signer;

    Rpc(RemotingClient client, Executor callbacks, RequestSigner signer) {
        this.client = client;
        this.callbacks = callbacks;
        this.signer = signer;
    }

    RequestSigner signer() {
        return signer;
    }

    /** The call, completing on a callback thread. */
    CompletableFuture<RemotingCommand> call(String address, RemotingCommand request, Duration timeout,
                                            Set<Integer> accepted) {
        CompletableFuture<RemotingCommand> answer = new CompletableFuture<>();
        raw(address, request, timeout, accepted).whenCompleteAsync((response, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(unwrap(failure));
            } else {
                answer.complete(response);
            }
        }, callbacks);
        return answer;
    }

    /** Waits for the call's answer on the calling thread; refusals and failures are thrown. */
    RemotingCommand await(String address, RemotingCommand request, Duration timeout, Set<Integer> accepted) {
        try {
            return raw(address, request, timeout, accepted).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(Kind.UNAVAILABLE, "interrupted while waiting for " + address, e);
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    /** The call as the I/O thread completes it, refusals already translated. */
    CompletableFuture<RemotingCommand> raw(String address, RemotingCommand unsigned, Duration timeout,
                                           Set<Integer> accepted) {
        RemotingCommand request = signer.sign(unsigned);
        CompletableFuture<RemotingCommand> sent;
        try {
            sent = client.invoke(address, request, timeout);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(transport(address, request, e));
        }
        return sent.handle((response, failure) -> {
            if (failure != null) {
                throw transport(address, request, failure);
            }
            if (!accepted.contains(response.code())) {
                throw Refusals.of(address, request, response);
            }
            return response;
        });
    }

    private static GatewayException transport(String address, RemotingCommand request, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof GatewayException g) {
            return g;
        }
        String what = cause instanceof RemotingTimeoutException ? "no answer in time" : String.valueOf(
                cause.getMessage() != null ? cause.getMessage() : cause);
        return new GatewayException(Kind.UNAVAILABLE, RequestCode.nameOf(request.code()) + " to " + address
                + " failed: " + what, cause);
    }

    static GatewayException unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof GatewayException g) {
            return g;
        }
        return new GatewayException(Kind.INTERNAL, "the answer could not be read: " + cause, cause);
    }
}
