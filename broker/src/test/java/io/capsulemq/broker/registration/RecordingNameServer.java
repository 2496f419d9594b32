package io.capsulemq.broker.registration;

import io.capsulemq.broker.remoting.netty.RemotingServer;
import io.capsulemq.broker.remoting.netty.RemotingServerConfig;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A server that answers REGISTER_BROKER and UNREGISTER_BROKER with SUCCESS (or with the code it is told to) and keeps
 * every request, to see exactly what a registrar sends.
 */
final class RecordingNameServer implements AutoCloseable {
    private final RemotingServer server = new RemotingServer(RemotingServerConfig.defaults());
    private final List<RemotingCommand> requests = new ArrayList<>();
    private volatile int answerCode = ResponseCode.SUCCESS;

    RecordingNameServer() {
        server.registerProcessor(RequestCode.REGISTER_BROKER, (connection, request) -> answer(request));
        server.registerProcessor(RequestCode.UNREGISTER_BROKER, (connection, request) -> answer(request));
        server.start();
    }

    private CompletableFuture<RemotingCommand> answer(RemotingCommand request) {
        synchronized (requests) {
            requests.add(request);
        }
        return CompletableFuture.completedFuture(RemotingCommand.response(answerCode,
                answerCode == ResponseCode.SUCCESS ? null : "refused by the test"));
    }

    String address() {
        return "127.0.0.1:" + server.port();
    }

    /** Answers every later request with {@code code}. */
    void answerWith(int code) {
        answerCode = code;
    }

    /** Every request taken so far, in order. */
    List<RemotingCommand> requests() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    /** The requests of {@code code} taken so far, in order. */
    List<RemotingCommand> requests(int code) {
        return requests().stream().filter(r -> r.code() == code).toList();
    }

    @Override
    public void close() {
        server.close();
    }
}
