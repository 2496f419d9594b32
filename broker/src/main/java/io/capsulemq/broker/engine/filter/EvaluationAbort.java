package io.capsulemq.broker.engine.filter;

/**
 * Ends an evaluation that RocketMQ would end with an exception (a property that does not convert to the number it
 * is compared with, for instance): the message is then not matched, whatever the rest of the expression says. One
 * shared instance without stack trace, so aborting allocates nothing.
 */
final class EvaluationAbort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final EvaluationAbort INSTANCE = new EvaluationAbort();

    private EvaluationAbort() {
        super("filter evaluation aborted", null, false, false);
    }
}
