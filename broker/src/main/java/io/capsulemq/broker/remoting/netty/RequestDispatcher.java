package io.capsulemq.broker.remoting.netty;

import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands each request to the processor registered for its code, on that processor's executor, and writes the
 * answer: {@code REQUEST_CODE_NOT_SUPPORTED} for a code nobody serves, {@code SYSTEM_BUSY} when the executor refuses
 * the work, {@code SYSTEM_ERROR} when the processor fails.
 */
final class RequestDispatcher {
    private static final System.Logger LOG = System.getLogger(RequestDispatcher.class.getName());
    /** Runs a processor on the I/O thread that read its request. */
    private static final Executor IO_THREAD = Runnable::run;

    private record Registration(RequestProcessor processor, Executor executor) {
    }

    private final Map<Integer, Registration> processors = new ConcurrentHashMap<>();

    void register(int code, RequestProcessor processor, Executor executor) {
        processors.put(code, new Registration(Objects.requireNonNull(processor, "processor"),
                executor == null ? IO_THREAD : executor));
    }

    void dispatch(NettyConnection connection, RemotingCommand request) {
        Registration registration = processors.get(request.code());
        if (registration == null) {
            LOG.log(System.Logger.Level.WARNING, "{0} sent request code {1}, which is not supported", connection,
                    Integer.toString(request.code()));
            connection.reply(request, RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " not supported"));
            return;
        }
        try {
            registration.executor().execute(() -> process(registration.processor(), connection, request));
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "too busy for {0} from {1}", RequestCode.nameOf(request.code()),
                    connection);
            connection.reply(request, RemotingCommand.response(ResponseCode.SYSTEM_BUSY,
                    "system busy: too many requests of code " + request.code() + ", try again later"));
        }
    }

    private static void process(RequestProcessor processor, NettyConnection connection, RemotingCommand request) {
        CompletionStage<RemotingCommand> answer;
        try {
            answer = processor.process(connection, request);
        } catch (Exception | LinkageError e) {
            failed(connection, request, e);
            return;
        }
        if (answer == null) {
            return;
        }
        answer.whenComplete((response, failure) -> {
            if (failure != null) {
                failed(connection, request, failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else if (response != null) {
                connection.reply(request, response);
            }
        });
    }

    private static void failed(NettyConnection connection, RemotingCommand request, Throwable failure) {
        LOG.log(System.Logger.Level.ERROR, "processing " + request + " from " + connection + " failed", failure);
        connection.reply(request, RemotingCommand.response(ResponseCode.SYSTEM_ERROR, failure.toString()));
    }
}
