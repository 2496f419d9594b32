package io.capsulemq.broker.registration;

import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.engine.topic.TopicRegistry;
import io.capsulemq.broker.namesrv.wire.DataVersion;
import io.capsulemq.broker.remoting.netty.RemotingClient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registers the broker with every NameServer it is given, as RocketMQ's brokers do: all its topics (with their
 * permissions and queue counts) at start and every {@link RegistrarConfig#registerInterval()}, a topic again as soon
 * as it is created or changed, and an unregistration at close. NameServers are independent: each is registered with
 * on its own, and one that is down or slow delays no other. A registration too large for one frame is split over
 * several.
 *
 * <p>A NameServer that misses a registration (down, restarting) gets every topic at the next full registration.
 */
public final class BrokerRegistrar implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BrokerRegistrar.class.getName());

    private final RegistrarConfig config;
    private final TopicRegistry topics;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final List<NameServerLink> links = new ArrayList<>();
    private final AtomicLong versionCounter = new AtomicLong();
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * @param client the connections to use; the registrar does not close it
     */
    public BrokerRegistrar(RegistrarConfig config, TopicRegistry topics, RemotingClient client) {
        this(config, topics, client, Clock.systemUTC());
    }

    /** @param clock stamps the data versions registrations carry */
    public BrokerRegistrar(RegistrarConfig config, TopicRegistry topics, RemotingClient client, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(client, "client");
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "capsule-registrar-" + config.brokerName());
            thread.setDaemon(true);
            return thread;
        });
        RegistrationRequests requests = new RegistrationRequests(config);
        FrameSource frames = new TopicFrames();
        for (String address : config.nameServers()) {
            links.add(new NameServerLink(address, client, requests, frames, executor, config.requestTimeout()));
        }
    }

    /**
     * Registers with every NameServer now and then every register interval, and follows topic changes. Returns
     * at once; {@link #registerAll()} tells when a registration is through.
     */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "registrar is closed" : "registrar already started");
        }
        started = true;
        topics.addListener(this::topicChanged);
        long every = config.registerInterval().toMillis();
        executor.scheduleAtFixedRate(this::registerAllInBackground, 0, every, TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "broker {0} ({1}) registers with name servers {2} every {3} s",
                config.brokerName(), config.brokerAddr(), config.nameServers(), config.registerInterval().toSeconds());
    }

    /**
     * Registers every topic with every NameServer now. Completes when all have taken them; fails with a
     * {@link RegistrationException} for each NameServer that did not (the first as cause, the rest suppressed).
     * Completes on an I/O thread: continue with the {@code ...Async} methods for anything that blocks.
     */
    public CompletableFuture<Void> registerAll() {
        List<CompletableFuture<Void>> each = new ArrayList<>();
        for (NameServerLink link : links) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            link.registerAll(done);
            each.add(done);
        }
        return allOrFailures(each);
    }

    /**
     * Stops registering and unregisters from every NameServer, waiting for their answers up to the request timeout.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (started) {
            List<CompletableFuture<Void>> each = new ArrayList<>();
            links.forEach(link -> each.add(link.unregister()));
            try {
                allOrFailures(each).get(config.requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
                LOG.log(System.Logger.Level.INFO, "broker {0} unregistered from name servers {1}",
                        config.brokerName(), config.nameServers());
            } catch (ExecutionException e) {
                LOG.log(System.Logger.Level.WARNING, "unregistering broker {0} failed: {1}", config.brokerName(),
                        e.getCause().getMessage());
            } catch (TimeoutException e) {
                LOG.log(System.Logger.Level.WARNING, "unregistering broker {0} did not finish in time",
                        config.brokerName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        executor.shutdownNow();
    }

    private void registerAllInBackground() {
        if (!closed) {
            // Each link logs its own failures.
            registerAll();
        }
    }

    private void topicChanged(TopicConfig topic) {
        if (!closed) {
            Set<String> name = Set.of(topic.topicName());
            links.forEach(link -> link.topicsChanged(name));
        }
    }

    /** Every registration body carries a version of its own; see {@link RegistrationFrames}. */
    private DataVersion nextVersion() {
        return new DataVersion(0, clock.millis(), versionCounter.incrementAndGet());
    }

    private static CompletableFuture<Void> allOrFailures(List<CompletableFuture<Void>> each) {
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).handle((ignored, failure) -> {
            if (failure == null) {
                return null;
            }
            Throwable first = null;
            for (CompletableFuture<Void> one : each) {
                if (one.isCompletedExceptionally()) {
                    Throwable cause = one.handle((v, t) -> t).join();
                    cause = cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null
                            ? cause.getCause() : cause;
                    if (first == null) {
                        first = cause;
                    } else if (cause != first) {
                        first.addSuppressed(cause);
                    }
                }
            }
            throw new java.util.concurrent.CompletionException(first);
        });
    }

    /** Registration bodies from the topic registry as it is now. */
    private final class TopicFrames implements FrameSource {
        @Override
        public List<byte[]> allTopics() {
            return RegistrationFrames.bodies(topics.all(), config.maxBodyBytes(), BrokerRegistrar.this::nextVersion);
        }

        @Override
        public List<byte[]> topics(Set<String> names) {
            List<TopicConfig> changed = names.stream().map(topics::find).flatMap(Optional::stream).toList();
            return changed.isEmpty() ? List.of()
                    : RegistrationFrames.bodies(changed, config.maxBodyBytes(), BrokerRegistrar.this::nextVersion);
        }
    }
}
