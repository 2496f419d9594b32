package io.capsulemq.broker.remoting.netty;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls of one connection that wait for their response, by opaque. A call leaves the table however its future
 * completes: response, timeout, failure or the caller's own cancellation.
 */
final class PendingCalls {
    private final Map<Integer, CompletableFuture<RemotingCommand>> calls = new ConcurrentHashMap<>();

    /** Adds a call; it is removed again when {@code future} completes, by whoever completes it. */
    void add(int opaque, CompletableFuture<RemotingCommand> future) {
        if (calls.putIfAbsent(opaque, future) != null) {
            throw new IllegalStateException("opaque " + opaque + " is already waiting for a response");
        }
        future.whenComplete((response, failure) -> calls.remove(opaque, future));
    }

    /** Completes the call {@code response} answers; false when none waits for it (it timed out, say). */
    boolean complete(RemotingCommand response) {
        CompletableFuture<RemotingCommand> future = calls.remove(response.opaque());
        return future != null && future.complete(response);
    }

    /** Fails every waiting call. */
    void failAll(Throwable cause) {
        List<CompletableFuture<RemotingCommand>> waiting = new ArrayList<>(calls.values());
        calls.clear();
        waiting.forEach(future -> future.completeExceptionally(cause));
    }

    int size() {
        return calls.size();
    }
}
