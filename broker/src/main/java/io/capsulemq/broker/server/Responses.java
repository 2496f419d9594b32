package io.capsulemq.broker.server;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.ResponseCode;

import java.util.concurrent.CompletableFuture;

/** Building the broker's responses. */
final class Responses {
    /**
     * The protocol version the broker announces in every response: Apache RocketMQ 5.5.0's ({@code MQVersion}'s
     * ordinal), the version whose behaviour this broker follows. Clients keep it per broker.
     */
    static final int VERSION = 513;

    private Responses() {
    }

    static RemotingCommand.Builder success() {
        return RemotingCommand.response(ResponseCode.SUCCESS);
    }

    static RemotingCommand.Builder of(int code) {
        return RemotingCommand.response(code);
    }

    static CompletableFuture<RemotingCommand> done(RemotingCommand.Builder response) {
        return CompletableFuture.completedFuture(response.build());
    }

    static CompletableFuture<RemotingCommand> ok() {
        return done(success());
    }

    static RequestRefusedException refuse(int code, String message) {
        return new RequestRefusedException(code, message);
    }
}
