package io.capsulemq.rar;

/**
 * The broker a started adapter works with, embedded or remote: what the native clients of the adapter (its
 * producer and its MDBs' consumers) name as their endpoint, held until the adapter stops.
 */
public interface AdapterBroker extends AutoCloseable {
    /** What the adapter's native clients set as {@code ClientConfiguration} endpoints. */
    String endpoint();

    @Override
    void close();
}
