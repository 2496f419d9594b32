package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.BrokerConfig;
import io.capsulemq.broker.engine.TestBrokers;
import io.capsulemq.broker.remoting.netty.RemotingServerConfig;
import io.capsulemq.broker.store.TestStores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Brokers served on loopback for tests, each on a free port in its own folder. The store host must be the port the
 * server listens on (offset message ids carry it), so a free port is found first; should another process take it in
 * between, the next free one is tried in a fresh folder.
 */
final class TestServers {
    private static final byte[] LOOPBACK = {127, 0, 0, 1};

    private TestServers() {
    }

    static BrokerServer start(Path dir) {
        return start(dir, UnaryOperator.identity());
    }

    static BrokerServer start(Path dir, UnaryOperator<BrokerConfig.Builder> tune) {
        UncheckedIOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Path root = dir.resolve("broker-" + attempt);
            BrokerConfig config = tune.apply(BrokerConfig.builder(TestStores.smallConfig(root)
                    .storeHost(LOOPBACK, port).build())).build();
            try {
                return BrokerServer.start(config, RemotingServerConfig.defaults());
            } catch (UncheckedIOException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Waits until everything stored so far is readable from its queue (the store dispatches in the background). */
    static void awaitDispatched(BrokerServer server) {
        TestBrokers.awaitDispatched(server.broker());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
