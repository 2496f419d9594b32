package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.engine.client.ClientConnection;
import io.capsulemq.broker.store.StoredMessage;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A producer that records the broker's check-backs and answers them through {@code end(..., fromCheck=true)},
 * as a client's transaction checker would.
 */
final class FakeProducer implements ClientConnection {
    record Check(String group, StoredMessage half, String transactionId) {
    }

    private final String clientId;
    private final Supplier<TransactionService> service;
    private final List<Check> checks = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> answers = new CopyOnWriteArrayList<>();
    /** The answer to a check; null gives none (the producer stays silent). */
    private volatile Function<StoredMessage, TransactionResolution> answer = half -> null;
    private volatile boolean active = true;

    FakeProducer(String clientId, Supplier<TransactionService> service) {
        this.clientId = clientId;
        this.service = service;
    }

    FakeProducer answering(TransactionResolution resolution) {
        return answering(half -> resolution);
    }

    FakeProducer answering(Function<StoredMessage, TransactionResolution> rule) {
        this.answer = rule;
        return this;
    }

    List<Check> checks() {
        return List.copyOf(checks);
    }

    /** Waits until every answer given so far is stored. */
    void awaitAnswers() {
        answers.forEach(CompletableFuture::join);
    }

    void disconnect() {
        active = false;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public void notifyConsumerIdsChanged(String consumerGroup) {
    }

    @Override
    public void checkTransactionState(String producerGroup, StoredMessage halfMessage, String transactionId) {
        checks.add(new Check(producerGroup, halfMessage, transactionId));
        TransactionResolution resolution = answer.apply(halfMessage);
        if (resolution != null) {
            answers.add(service.get().end(producerGroup, halfMessage.commitLogOffset(), resolution, true));
        }
    }
}
