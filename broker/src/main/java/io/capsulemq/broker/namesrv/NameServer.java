package io.capsulemq.broker.namesrv;

import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.netty.RemotingServer;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A NameServer speaking RocketMQ's remoting protocol: brokers register their topics with it and say they are alive,
 * clients and the admin tool ask it for routes, clusters and topic lists. It holds every route it is told of and
 * talks to no other NameServer; a broker registers with each NameServer on its own.
 *
 * <p>A broker is dropped with its routes when it is silent for longer than {@link NameServerConfig#brokerExpiry()},
 * and at once when the connection it registered over closes.
 */
public final class NameServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NameServer.class.getName());
    /** Requests waiting for a worker beyond this many are answered SYSTEM_BUSY. */
    private static final int QUEUED_REQUESTS = 10_000;

    private final NameServerConfig config;
    private final RouteTable routes;
    private final RemotingServer server;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService scanner;
    private boolean started;
    private boolean closed;

    public NameServer(NameServerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.routes = new RouteTable(config.brokerExpiry());
        this.server = new RemotingServer(config.server());
        this.workers = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_REQUESTS), daemonThreads("capsule-namesrv-worker"));
        this.scanner = Executors.newSingleThreadScheduledExecutor(daemonThreads("capsule-namesrv-scan"));
        KvConfigStore kvConfig = new KvConfigStore(config.kvConfigFile());
        new RegistrationHandlers(routes, kvConfig, config.clock()).registerOn(server, workers);
        new RouteQueryHandlers(routes).registerOn(server, workers);
        new TopicAdminHandlers(routes).registerOn(server, workers);
        new KvConfigHandlers(kvConfig).registerOn(server, workers);
        server.addConnectionListener(this::connectionClosed);
    }

    /** Starts listening and looking for silent brokers; throws {@link java.io.UncheckedIOException} if it cannot bind. */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "name server is closed" : "name server already started");
        }
        server.start();
        started = true;
        long every = config.scanInterval().toMillis();
        scanner.scheduleWithFixedDelay(this::dropSilentBrokers, every, every, TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "name server listening on {0}", address());
    }

    /** The port it listens on. */
    public int port() {
        return server.port();
    }

    /** The address to reach it at, {@code host:port}: loopback when it listens on every interface. */
    public String address() {
        InetSocketAddress local = server.localAddress();
        String host = local.getAddress().isAnyLocalAddress() ? "127.0.0.1" : local.getAddress().getHostAddress();
        return host.contains(":") ? "[" + host + "]:" + local.getPort() : host + ":" + local.getPort();
    }

    /** Stops listening, closes every connection and stops its threads. Routes are not kept. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        scanner.shutdownNow();
        server.close();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.log(System.Logger.Level.INFO, "name server stopped");
    }

    /** Drops the brokers silent for too long; the number dropped. Runs every scan interval. */
    int dropSilentBrokers() {
        try {
            List<RouteTable.DroppedBroker> dropped = routes.dropSilent(config.clock().millis());
            for (RouteTable.DroppedBroker broker : dropped) {
                LOG.log(System.Logger.Level.WARNING, "broker {0} ({1}, cluster {2}) silent for longer than its "
                        + "timeout: dropped with its routes", broker.brokerName(), broker.brokerAddr(),
                        broker.clusterName());
            }
            return dropped.size();
        } catch (RuntimeException e) {
            // The scan must go on whatever one round met.
            LOG.log(System.Logger.Level.ERROR, "looking for silent brokers failed", e);
            return 0;
        }
    }

    private void connectionClosed(RemotingConnection connection) {
        for (RouteTable.DroppedBroker broker : routes.connectionClosed(connection)) {
            LOG.log(System.Logger.Level.INFO, "connection of broker {0} ({1}, cluster {2}) closed: dropped with its "
                    + "routes", broker.brokerName(), broker.brokerAddr(), broker.clusterName());
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
