package io.capsulemq.it.compat;

import java.nio.file.Path;

/**
 * A running broker the compatibility scenarios are played against: Capsule, or Apache RocketMQ as the oracle.
 *
 * @param nameServer the NameServer address clients are given, host:port
 * @param workDir    where mqadmin and other processes of a test may write
 * @param stopper    stops it
 */
record BrokerUnderTest(String nameServer, Path workDir, AutoCloseable stopper) implements AutoCloseable {

    @Override
    public void close() throws Exception {
        stopper.close();
    }
}
