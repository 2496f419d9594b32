package io.capsulemq.broker.remoting;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;

import java.util.concurrent.CompletionStage;

/**
 * Handles the requests of one or more codes. Answer at once with a completed stage, or later (a pull waiting for
 * messages) by completing the stage when the answer is known. The transport sets the response's opaque and
 * serialize type from the request; a one-way request's answer is dropped.
 */
@FunctionalInterface
public interface RequestProcessor {
    /**
     * The response to {@code request}, which came in on {@code connection}. A stage completing with null sends no
     * response; one completing exceptionally, or a thrown exception, answers {@code SYSTEM_ERROR}.
     */
    CompletionStage<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) throws Exception;
}
