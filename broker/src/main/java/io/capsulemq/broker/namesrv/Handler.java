package io.capsulemq.broker.namesrv;

import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;

import java.util.concurrent.CompletableFuture;

/**
 * Answers one kind of NameServer request at once. A request that is missing something or malformed is answered
 * SYSTEM_ERROR with a remark saying what, as RocketMQ's NameServer answers a header it cannot decode.
 */
@FunctionalInterface
interface Handler {
    System.Logger LOG = System.getLogger(Handler.class.getName());

    RemotingCommand handle(RemotingConnection connection, RemotingCommand request) throws InvalidRequestException;

    /** This handler as a transport processor. */
    static RequestProcessor processor(Handler handler) {
        return (connection, request) -> {
            RemotingCommand response;
            try {
                response = handler.handle(connection, request);
            } catch (InvalidRequestException e) {
                LOG.log(System.Logger.Level.WARNING, "refused {0} from {1}: {2}", RequestCode.nameOf(request.code()),
                        connection.remoteAddress(), e.getMessage());
                response = RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.getMessage());
            }
            return CompletableFuture.completedFuture(response);
        };
    }

    /** A SUCCESS answer with no header fields and no body. */
    static RemotingCommand success() {
        return RemotingCommand.response(ResponseCode.SUCCESS).build();
    }

    /** A SUCCESS answer carrying {@code body}. */
    static RemotingCommand success(byte[] body) {
        return RemotingCommand.response(ResponseCode.SUCCESS).body(body).build();
    }
}
