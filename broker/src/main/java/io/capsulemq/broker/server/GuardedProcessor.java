package io.capsulemq.broker.server;

import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Wraps a processor so that every refusal, thrown at once or completing its answer, becomes the response RocketMQ's
 * clients expect ({@link RefusalCodes}) with the reason as remark, and every response carries the broker's version.
 * Anything else is a fault: logged and answered {@code SYSTEM_ERROR}. The connection stays open either way.
 */
final class GuardedProcessor implements RequestProcessor {
    private static final System.Logger LOG = System.getLogger(GuardedProcessor.class.getName());

    private final RequestProcessor inner;

    private GuardedProcessor(RequestProcessor inner) {
        this.inner = inner;
    }

    static RequestProcessor guard(RequestProcessor inner) {
        return new GuardedProcessor(inner);
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        CompletionStage<RemotingCommand> answer;
        try {
            answer = inner.process(connection, request);
        } catch (Exception | LinkageError e) {
            return CompletableFuture.completedFuture(refusal(connection, request, e));
        }
        if (answer == null) {
            return null;
        }
        return answer.handle((response, failure) -> failure == null
                ? (response == null ? null : stamped(response))
                : refusal(connection, request, unwrap(failure)));
    }

    private static RemotingCommand stamped(RemotingCommand response) {
        return response.toBuilder().version(Responses.VERSION).build();
    }

    private static RemotingCommand refusal(RemotingConnection connection, RemotingCommand request, Throwable failure) {
        int code = RefusalCodes.of(failure);
        String what = RequestCode.nameOf(request.code());
        if (code < 0) {
            LOG.log(System.Logger.Level.ERROR, what + " from " + connection.remoteAddress() + " failed", failure);
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR).version(Responses.VERSION)
                    .remark(what + " failed: " + failure).build();
        }
        // A one-way request's refusal reaches nobody but the log.
        LOG.log(request.isOneway() ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                "{0} from {1} refused ({2}): {3}", what, connection.remoteAddress(), ResponseCode.nameOf(code),
                failure.getMessage());
        return RemotingCommand.response(code).version(Responses.VERSION).remark(failure.getMessage()).build();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
