package io.capsulemq.rar;

/**
 * Makes a topic first used through the adapter (by a producer's first send or an MDB's activation) take every
 * message type (MIXED): whether an adapter send is transactional depends on the caller's JTA transaction, not on
 * the topic.
 */
public interface TopicSetup {
    /** Creates the topic MIXED if it does not exist and the broker allows it; never fails the send that follows. */
    void prepare(String topic);
}
