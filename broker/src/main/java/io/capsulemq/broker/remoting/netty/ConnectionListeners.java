package io.capsulemq.broker.remoting.netty;

import io.capsulemq.broker.remoting.ConnectionListener;
import io.capsulemq.broker.remoting.RemotingConnection;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The listeners of one server or client; one listener failing neither stops the others nor the connection. */
final class ConnectionListeners {
    private static final System.Logger LOG = System.getLogger(ConnectionListeners.class.getName());

    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();

    void add(ConnectionListener listener) {
        listeners.add(listener);
    }

    void connected(RemotingConnection connection) {
        for (ConnectionListener listener : listeners) {
            try {
                listener.connected(connection);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "connection listener failed on open of " + connection, e);
            }
        }
    }

    void closed(RemotingConnection connection) {
        for (ConnectionListener listener : listeners) {
            try {
                listener.closed(connection);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "connection listener failed on close of " + connection, e);
            }
        }
    }
}
