package io.capsulemq.broker.standalone;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.namesrv.NameServer;
import io.capsulemq.broker.registration.BrokerRegistrar;
import io.capsulemq.broker.remoting.netty.RemotingClient;
import io.capsulemq.broker.remoting.netty.RemotingClientConfig;
import io.capsulemq.broker.server.BrokerServer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code java -jar capsule-broker.jar} runs: the embedded NameServer (unless namesrvListenPort is 0), the
 * engine served on the network, and the registrar that keeps every NameServer told of the broker's topics. Started
 * in that order and closed in the reverse one, so that the broker leaves its NameServers before it stops serving
 * and flushes its store last.
 */
public final class StandaloneBroker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StandaloneBroker.class.getName());
    private static final Duration FIRST_REGISTRATION_WAIT = Duration.ofSeconds(10);

    private final StandaloneSettings settings;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final NameServer nameServer;
    private final BrokerServer server;

    private StandaloneBroker(StandaloneSettings settings) {
        this.settings = settings;
        try {
            this.nameServer = settings.nameServer().map(NameServer::new).orElse(null);
            if (nameServer != null) {
                nameServer.start();
                started.push(nameServer);
            }
            this.server = BrokerServer.start(settings.broker(), settings.brokerServer());
            started.push(server);
            RemotingClient client = new RemotingClient(RemotingClientConfig.defaults());
            started.push(client);
            BrokerRegistrar registrar = new BrokerRegistrar(settings.registrar(), server.broker().topics(), client);
            registrar.start();
            started.push(registrar);
            awaitFirstRegistration(registrar);
        } catch (RuntimeException e) {
            closeStarted();
            throw e;
        }
    }

    /**
     * Waits a little for the first registration, so that "ready" means clients find the broker's routes; a
     * NameServer that is down does not hold start-up back (the registrar keeps trying every interval).
     */
    private static void awaitFirstRegistration(BrokerRegistrar registrar) {
        try {
            registrar.registerAll().get(FIRST_REGISTRATION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "not every NameServer has the broker's routes yet ({0}); the "
                    + "registrar keeps trying", e instanceof ExecutionException ? e.getCause().getMessage() : "timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts everything the settings describe; on failure, closes what had started and throws. */
    public static StandaloneBroker start(StandaloneSettings settings) {
        return new StandaloneBroker(settings);
    }

    public Broker broker() {
        return server.broker();
    }

    public Optional<NameServer> nameServer() {
        return Optional.ofNullable(nameServer);
    }

    /** One line saying where it listens and what it registers with, for operators. */
    public String describe() {
        return "broker " + settings.broker().brokerName() + " of cluster " + settings.broker().clusterName()
                + " at " + settings.brokerAddr()
                + (nameServer != null ? ", NameServer at " + nameServer.address() : "")
                + ", registering with " + String.join(";", settings.nameServers())
                + ", store " + settings.store().rootDir() + " (" + settings.store().flushMode() + " flush)";
    }

    @Override
    public void close() {
        closeStarted();
    }

    private void closeStarted() {
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the standalone broker failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
