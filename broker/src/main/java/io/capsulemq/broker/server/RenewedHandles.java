package io.capsulemq.broker.server;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Receipt handles issued by CHANGE_MESSAGE_INVISIBLETIME. RocketMQ's client builds the message's next extra info
 * from the response header alone (pop time, invisible time, revive queue id) and so loses the handle the broker
 * appends ({@link PopExtraInfo}); the renewed handle is kept here under what that rebuilt extra info does carry:
 * group, topic, queue, offset and the pop time the response announced. A later ACK or change with that extra info
 * finds it; the engine still checks it as it checks any handle. An entry leaves when used, or once the invisible
 * time it was issued for has passed (the engine would refuse the handle by then anyway).
 */
final class RenewedHandles {
    /** Entries older than this past their invisible time are dropped on the next issue. */
    private static final long GRACE_MILLIS = 60_000;
    private static final int SWEEP_EVERY = 256;

    private record Key(String group, String topic, int queueId, long queueOffset, long popTime) {
    }

    private record Entry(String handle, long expiresAtMillis) {
    }

    private final Map<Key, Entry> handles = new ConcurrentHashMap<>();
    private final AtomicInteger issued = new AtomicInteger();

    void issued(String group, String topic, int queueId, long queueOffset, long popTime, long invisibleTime,
                String handle) {
        handles.put(new Key(group, topic, queueId, queueOffset, popTime), new Entry(handle, popTime + invisibleTime));
        if (issued.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep(popTime);
        }
    }

    /** The handle renewed for this extra info, or null; a handle is handed out once. */
    String take(String group, String topic, PopExtraInfo info) {
        Entry entry = handles.remove(new Key(group, topic, info.queueId(), info.queueOffset(), info.popTime()));
        return entry == null ? null : entry.handle();
    }

    int size() {
        return handles.size();
    }

    private void sweep(long nowMillis) {
        for (Iterator<Entry> it = handles.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAtMillis() + GRACE_MILLIS < nowMillis) {
                it.remove();
            }
        }
    }
}
