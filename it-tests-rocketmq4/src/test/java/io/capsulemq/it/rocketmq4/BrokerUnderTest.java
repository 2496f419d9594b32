package io.capsulemq.it.rocketmq4;

/**
 * A running broker the scenarios are played against: Capsule, or Apache RocketMQ as the oracle.
 *
 * @param nameServer the NameServer address clients are given, host:port
 * @param stopper    stops it
 */
record BrokerUnderTest(String nameServer, AutoCloseable stopper) implements AutoCloseable {

    @Override
    public void close() throws Exception {
        stopper.close();
    }
}
