package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.broker.engine.BrokerException.Reason;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.PutResult;
import io.capsulemq.broker.store.PutStatus;
import io.capsulemq.broker.store.StoredMessage;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Writes op records ({@link OpRecord}) to the op topic, each stamped with the ledger's progress at that moment. */
final class OpLog {
    private final MessageStore store;
    private final HalfLedger ledger;
    private final Clock clock;

    OpLog(MessageStore store, HalfLedger ledger, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** A record of {@code kind} for {@code half}, decided now. */
    OpRecord record(OpRecord.Kind kind, StoredMessage half, int checks) {
        return OpRecord.of(kind, half, checks, ledger.progress(), clock.millis());
    }

    /** Appends one record; completes once the store holds it as its flush mode promises. */
    CompletableFuture<Void> write(OpRecord record) {
        return write(List.of(record));
    }

    /** Appends records as one batch (one write, one flush). */
    CompletableFuture<Void> write(List<OpRecord> records) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<MessageToStore> batch = records.stream().map(OpRecord::toMessage).toList();
        return store.putBatchAsync(batch).thenAccept(r -> written(r, "op records"));
    }

    /** The put's result when the message was written; a refusal becomes the broker error a client is answered. */
    static PutResult written(PutResult put, String what) {
        if (!put.status().isWritten()) {
            Reason reason = put.status() == PutStatus.MESSAGE_ILLEGAL
                    || put.status() == PutStatus.PROPERTIES_SIZE_EXCEEDED
                    ? Reason.MESSAGE_ILLEGAL : Reason.SERVICE_NOT_AVAILABLE;
            throw new BrokerException(reason, "could not store " + what + ": " + put.status() + ": " + put.reason());
        }
        return put;
    }
}
