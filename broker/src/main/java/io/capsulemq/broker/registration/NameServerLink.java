package io.capsulemq.broker.registration;

import io.capsulemq.broker.remoting.netty.RemotingClient;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.ResponseCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The broker's registration with one NameServer: sends one registration at a time, its frames in order, so a slow
 * or unreachable NameServer holds up no other. Work asked for while a registration is in flight is merged: any
 * number of full-registration requests become one, changed topics pile into one set, and a full registration takes
 * the changed topics with it.
 */
final class NameServerLink {
    private static final System.Logger LOG = System.getLogger(NameServerLink.class.getName());

    private final String address;
    private final RemotingClient client;
    private final RegistrationRequests requests;
    private final FrameSource frames;
    private final Executor executor;
    private final Duration timeout;

    // Guarded by this.
    private boolean busy;
    private boolean closed;
    private boolean fullWanted;
    private final Set<String> changedTopics = new LinkedHashSet<>();
    private final List<CompletableFuture<Void>> fullWaiters = new ArrayList<>();
    private CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);

    NameServerLink(String address, RemotingClient client, RegistrationRequests requests, FrameSource frames,
                   Executor executor, Duration timeout) {
        this.address = address;
        this.client = client;
        this.requests = requests;
        this.frames = frames;
        this.executor = executor;
        this.timeout = timeout;
    }

    /** Registers every topic; {@code done} completes when this NameServer took them all, or fails with why not. */
    synchronized void registerAll(CompletableFuture<Void> done) {
        if (closed) {
            done.completeExceptionally(new IllegalStateException("the registrar is closed"));
            return;
        }
        fullWanted = true;
        fullWaiters.add(done);
        wake();
    }

    /** Registers the named topics (changed, or created). */
    synchronized void topicsChanged(Set<String> names) {
        if (!closed) {
            changedTopics.addAll(names);
            wake();
        }
    }

    /** Stops registering and, once the registration in flight is over, unregisters; completes when answered. */
    CompletableFuture<Void> unregister() {
        CompletableFuture<Void> quiet;
        synchronized (this) {
            closed = true;
            fullWanted = false;
            changedTopics.clear();
            fullWaiters.forEach(w -> w.completeExceptionally(new IllegalStateException("the registrar closed")));
            fullWaiters.clear();
            quiet = idle;
        }
        return quiet.thenCompose(ignored -> send(requests.unregister(), "UNREGISTER_BROKER"));
    }

    private void wake() {
        if (!busy) {
            busy = true;
            idle = new CompletableFuture<>();
            executor.execute(this::runNext);
        }
    }

    /** Takes the waiting work, builds its frames (on the registrar's thread, never an I/O thread) and sends them. */
    private void runNext() {
        boolean full;
        Set<String> names;
        List<CompletableFuture<Void>> waiters;
        synchronized (this) {
            if (closed || (!fullWanted && changedTopics.isEmpty())) {
                busy = false;
                idle.complete(null);
                return;
            }
            full = fullWanted;
            names = new LinkedHashSet<>(changedTopics);
            waiters = new ArrayList<>(fullWaiters);
            fullWanted = false;
            changedTopics.clear();
            fullWaiters.clear();
        }
        CompletableFuture<Void> sent;
        try {
            List<byte[]> bodies = full ? frames.allTopics() : frames.topics(names);
            sent = sendInOrder(bodies, 0);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((ignored, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause != null) {
                LOG.log(System.Logger.Level.WARNING, "registering {0} with name server {1} failed: {2}",
                        full ? "all topics" : names.size() + " changed topics", address, cause.getMessage());
            }
            waiters.forEach(w -> {
                if (cause == null) {
                    w.complete(null);
                } else {
                    w.completeExceptionally(cause);
                }
            });
            executor.execute(this::runNext);
        });
    }

    /** Sends the frames one after another; stops early when the registrar closes, which is about to unregister. */
    private CompletableFuture<Void> sendInOrder(List<byte[]> bodies, int index) {
        if (index == bodies.size() || isClosed()) {
            return CompletableFuture.completedFuture(null);
        }
        String what = "REGISTER_BROKER frame " + (index + 1) + " of " + bodies.size();
        return send(requests.register(bodies.get(index)), what)
                .thenCompose(ignored -> sendInOrder(bodies, index + 1));
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private CompletableFuture<Void> send(RemotingCommand request, String what) {
        return client.invoke(address, request, timeout).handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                throw new CompletionException(new RegistrationException(what + " to name server " + address
                        + " failed: " + cause.getMessage(), cause));
            }
            if (response.code() != ResponseCode.SUCCESS) {
                throw new CompletionException(new RegistrationException(what + " refused by name server " + address
                        + ": " + ResponseCode.nameOf(response.code()) + " " + response.remark(), null));
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "name server " + address;
    }
}
