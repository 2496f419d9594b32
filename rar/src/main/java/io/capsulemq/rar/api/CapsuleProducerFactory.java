package io.capsulemq.rar.api;

import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.producer.Producer;

/**
 * Hands out native producers from the server's pool, bound to the caller's JTA transaction:
 * <pre>{@code
 * @Resource(lookup = "capsule/producer")
 * CapsuleProducerFactory producers;
 *
 * try (Producer producer = producers.createProducer()) {
 *     producer.send(message);
 * }
 * }</pre>
 * Inside a JTA transaction each {@code send} stores a half message bound to the transaction: invisible until the
 * transaction commits, discarded if it rolls back (XA, or a local transaction when the pool is configured so).
 * Outside one, a send is immediate. A message group (FIFO) is kept in a transaction; a delivery timestamp is not
 * (as in RocketMQ, a transactional message cannot be timed): send timed messages outside the transaction.
 * {@code beginTransaction} and {@code send(message, transaction)} are the native API's own transactions, which
 * the application commits itself, apart from JTA. Closing the producer returns it to the pool.
 */
public interface CapsuleProducerFactory {
    /**
     * A producer for this component's use; close it (try-with-resources) when done.
     *
     * @throws ClientException when the server cannot give one (the adapter stopped, the pool exhausted)
     */
    Producer createProducer() throws ClientException;
}
