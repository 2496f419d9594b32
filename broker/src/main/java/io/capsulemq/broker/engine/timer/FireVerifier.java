package io.capsulemq.broker.engine.timer;

import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;

/**
 * Tells whether a timer record already fired: the store holds a message in the real topic with the same unique id
 * and {@code TIMER_ORIGIN_OFFSET} naming that record. Asked only for the few slots that may have fired part of their
 * entries before a crash; it relies on the store's index holding every put, so the caller first waits for the
 * store's dispatch to catch up.
 */
final class FireVerifier {
    private final MessageStore store;

    FireVerifier(MessageStore store) {
        this.store = store;
    }

    boolean alreadyFired(MessageToStore fired, long timerRecordOffset) {
        String uniqueId = fired.properties().get(MessageProperties.UNIQUE_KEY);
        for (StoredMessage m : store.lookUpByUniqueId(fired.topic(), uniqueId, 0, Long.MAX_VALUE)) {
            if (TimerMessages.originOffset(m) == timerRecordOffset) {
                return true;
            }
        }
        return false;
    }
}
