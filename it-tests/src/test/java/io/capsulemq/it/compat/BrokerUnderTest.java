package io.capsulemq.it.compat;

/** A running broker the compatibility scenarios are played against: Capsule, or Apache RocketMQ as the oracle. */
interface BrokerUnderTest extends AutoCloseable {

    /** The NameServer address clients are given, host:port. */
    String nameServer();

    /** Where mqadmin and other processes of a test may write. */
    java.nio.file.Path workDir();
}
