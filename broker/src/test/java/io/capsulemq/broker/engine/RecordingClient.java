package io.capsulemq.broker.engine;

import io.capsulemq.broker.engine.client.ClientConnection;
import io.capsulemq.broker.store.StoredMessage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A client for tests that records what the broker tells it. */
public class RecordingClient implements ClientConnection {
    public final String id;
    public final List<String> notices = new CopyOnWriteArrayList<>();
    public final List<StoredMessage> checks = new CopyOnWriteArrayList<>();
    public final Map<String, Map<Integer, Long>> resets = new ConcurrentHashMap<>();
    public volatile boolean active = true;

    public RecordingClient(String id) {
        this.id = id;
    }

    @Override
    public String clientId() {
        return id;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public void notifyConsumerIdsChanged(String consumerGroup) {
        notices.add(consumerGroup);
    }

    @Override
    public void checkTransactionState(String producerGroup, StoredMessage halfMessage, String transactionId) {
        checks.add(halfMessage);
    }

    @Override
    public void resetOffsets(String consumerGroup, String topic, Map<Integer, Long> offsets) {
        resets.put(consumerGroup + "/" + topic, offsets);
    }
}
