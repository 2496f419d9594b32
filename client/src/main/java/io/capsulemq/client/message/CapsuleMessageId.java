package io.capsulemq.client.message;

import org.apache.rocketmq.client.apis.message.MessageId;

/**
 * A message's id as the API shows it: the unique id (UNIQ_KEY) it was sent with. Ids in the RocketMQ 5 layout carry
 * their version in the first two characters; older ids (from RocketMQ 4 producers) are version 00.
 */
public final class CapsuleMessageId implements MessageId {
    private static final int V1_LENGTH = 34;
    private static final String V0 = "00";

    private final String id;

    public CapsuleMessageId(String id) {
        this.id = id;
    }

    @Override
    public String getVersion() {
        return id.length() == V1_LENGTH ? id.substring(0, 2) : V0;
    }

    @Override
    public String toString() {
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapsuleMessageId other && id.equals(other.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}
