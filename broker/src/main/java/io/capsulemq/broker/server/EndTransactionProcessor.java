package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.transaction.TransactionResolution;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.store.message.MessageSysFlag;

import java.util.concurrent.CompletableFuture;

/**
 * END_TRANSACTION, usually one-way: a producer commits or rolls back the half message stored at
 * {@code commitLogOffset}, on its own or answering a check-back. {@code commitOrRollback} holds a system flag's
 * transaction type: 8 commit, 12 rollback, 0 not known yet.
 */
final class EndTransactionProcessor implements RequestProcessor {
    private final Broker broker;

    EndTransactionProcessor(Broker broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        RequestFields f = RequestFields.of(request);
        String producerGroup = f.string("producerGroup");
        long commitLogOffset = f.longValue("commitLogOffset");
        int type = f.integer("commitOrRollback");
        boolean fromCheck = f.optionalBoolean("fromTransactionCheck", false);
        TransactionResolution resolution = switch (type) {
            case MessageSysFlag.TRANSACTION_COMMIT_TYPE -> TransactionResolution.COMMIT;
            case MessageSysFlag.TRANSACTION_ROLLBACK_TYPE -> TransactionResolution.ROLLBACK;
            case MessageSysFlag.TRANSACTION_NOT_TYPE -> TransactionResolution.UNKNOWN;
            default -> throw Responses.refuse(ResponseCode.INVALID_PARAMETER, "header field 'commitOrRollback' is "
                    + type + "; expected " + MessageSysFlag.TRANSACTION_COMMIT_TYPE + " (commit), "
                    + MessageSysFlag.TRANSACTION_ROLLBACK_TYPE + " (rollback) or 0 (unknown)");
        };
        return broker.transactions().end(producerGroup, commitLogOffset, resolution, fromCheck)
                .thenApply(v -> Responses.success().build());
    }
}
