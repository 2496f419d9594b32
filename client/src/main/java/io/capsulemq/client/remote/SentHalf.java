package io.capsulemq.client.remote;

/**
 * A half message as the broker that stored it knows it: everything an END_TRANSACTION for it names. A caller that
 * must end the transaction after a restart (the resource adapter's XA branches) keeps it durably and ends the half
 * with {@link RemoteGateway#endHalf}.
 *
 * @param brokerAddress   the master holding the half, {@code host:port}
 * @param halfQueueOffset the half's offset in the broker's half queue (END_TRANSACTION's tranStateTableOffset)
 * @param messageId       the unique id (UNIQ_KEY) the committed message will have
 * @param transactionId   the id the broker answered (the unique id when it answered none)
 */
public record SentHalf(String brokerAddress, String producerGroup, String topic, long commitLogOffset,
                       long halfQueueOffset, String messageId, String transactionId) {
}
