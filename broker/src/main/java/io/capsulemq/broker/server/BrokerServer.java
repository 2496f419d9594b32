package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.BrokerConfig;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.netty.RemotingServer;
import io.capsulemq.broker.remoting.netty.RemotingServerConfig;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.server.client.ChannelClients;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The broker on the network: the engine behind a remoting server that speaks Apache RocketMQ's protocol, serving
 * what RocketMQ's clients and {@code mqadmin} ask a broker for (sending, pulling with long polling, popping, client
 * registration, offsets, retries, transactions, queue locks, look-ups, and topic, group and statistics
 * administration).
 *
 * <p>The server listens on the store host's port ({@link io.capsulemq.broker.store.StoreConfig#storeHostPort()},
 * RocketMQ's {@code listenPort}): offset message ids carry the store host, and clients decode them to find the
 * broker that holds a message, so the two must agree.
 */
public final class BrokerServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BrokerServer.class.getName());

    private final Broker broker;
    private final RemotingServer server;
    private final ServerExecutors executors;
    private final ScheduledExecutorService statsSampler;
    private final TopicTable topics;

    private BrokerServer(Broker broker, RemotingServer server, ServerExecutors executors,
                         ScheduledExecutorService statsSampler, TopicTable topics) {
        this.broker = broker;
        this.server = server;
        this.executors = executors;
        this.statsSampler = statsSampler;
        this.topics = topics;
    }

    /** Starts the engine and serves it on loopback, at the store host's port, with the transport's defaults. */
    public static BrokerServer start(BrokerConfig config) {
        return start(config, RemotingServerConfig.defaults());
    }

    /**
     * Starts the engine and serves it with {@code remoting}'s host, frame limit, idle timeout and I/O threads, on
     * the store host's port.
     *
     * @throws IllegalArgumentException when {@code remoting} names a port (not 0) other than the store host's
     * @throws java.io.UncheckedIOException when the port cannot be bound (the engine is closed again)
     */
    public static BrokerServer start(BrokerConfig config, RemotingServerConfig remoting) {
        int port = config.store().storeHostPort();
        if (remoting.port() != 0 && remoting.port() != port) {
            throw new IllegalArgumentException("the broker listens on its store host port " + port
                    + " (offset message ids carry it); the remoting configuration asks for port " + remoting.port());
        }
        Broker broker = Broker.start(config);
        ServerExecutors executors = null;
        ScheduledExecutorService sampler = null;
        RemotingServer server = null;
        TopicTable topics = new TopicTable(broker);
        try {
            executors = new ServerExecutors();
            TrafficStats traffic = new TrafficStats(config.clock());
            sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "capsule-broker-stats");
                t.setDaemon(true);
                return t;
            });
            sampler.scheduleAtFixedRate(traffic::sample, 1, 1, TimeUnit.SECONDS);
            server = new RemotingServer(remoting.withPort(port));
            ChannelClients clients = new ChannelClients(broker.consumers(), broker.producers(), broker.locks(),
                    config.brokerName());
            server.addConnectionListener(clients);
            String address = announcedAddress(config);
            register(server, broker, executors, clients, traffic, topics, address, config.clock().millis());
            server.start();
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            }
            if (sampler != null) {
                sampler.shutdownNow();
            }
            if (executors != null) {
                executors.close();
            }
            broker.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "broker {0} serves RocketMQ clients on {1}", config.brokerName(),
                server.localAddress());
        return new BrokerServer(broker, server, executors, sampler, topics);
    }

    private static void register(RemotingServer server, Broker broker, ServerExecutors executors,
                                 ChannelClients clients, TrafficStats traffic, TopicTable topics, String address,
                                 long bootMillis) {
        FilterCache filters = new FilterCache();
        Registrar r = new Registrar(server);

        // Sends run on the I/O thread that read them: the append is a copy into the page cache under a short lock,
        // and a synchronous flush is waited for with a future, never a thread. Handing every send to a pool and its
        // answer back to the I/O thread cost two thread switches a message, about a quarter of the broker's CPU
        // per message (measured with bench/'s --load).
        SendProcessor send = new SendProcessor(broker, traffic);
        r.addOnIoThread(send, RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE);
        r.add(new SendBackProcessor(broker), executors.send, RequestCode.CONSUMER_SEND_MSG_BACK);
        r.add(new EndTransactionProcessor(broker), executors.send, RequestCode.END_TRANSACTION);

        r.add(new PullProcessor(broker, filters, traffic), executors.pull, RequestCode.PULL_MESSAGE,
                RequestCode.LITE_PULL_MESSAGE);
        r.add(new PopProcessor(broker, filters, traffic), executors.pull, RequestCode.POP_MESSAGE);
        r.add(new QueryProcessor(broker), executors.pull, RequestCode.QUERY_MESSAGE, RequestCode.VIEW_MESSAGE_BY_ID);
        r.add(new PopAckProcessor(broker, new RenewedHandles()), executors.ack, RequestCode.ACK_MESSAGE,
                RequestCode.CHANGE_MESSAGE_INVISIBLETIME);

        r.add(new ClientProcessor(broker, clients, filters), executors.client, RequestCode.HEART_BEAT,
                RequestCode.UNREGISTER_CLIENT, RequestCode.GET_CONSUMER_LIST_BY_GROUP,
                RequestCode.CHECK_CLIENT_CONFIG);
        r.add(new OffsetProcessor(broker), executors.client, RequestCode.QUERY_CONSUMER_OFFSET,
                RequestCode.UPDATE_CONSUMER_OFFSET, RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET,
                RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, RequestCode.GET_EARLIEST_MSG_STORETIME);
        r.add(new LockProcessor(broker), executors.client, RequestCode.LOCK_BATCH_MQ, RequestCode.UNLOCK_BATCH_MQ);

        r.add(new TopicAdminProcessor(broker, topics), executors.admin, RequestCode.UPDATE_AND_CREATE_TOPIC,
                RequestCode.DELETE_TOPIC_IN_BROKER, RequestCode.GET_ALL_TOPIC_CONFIG, RequestCode.GET_TOPIC_CONFIG);
        r.add(new GroupAdminProcessor(broker), executors.admin, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
                RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG, RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
                RequestCode.DELETE_SUBSCRIPTIONGROUP);
        r.add(new RuntimeInfoProcessor(broker, traffic, executors, bootMillis), executors.admin,
                RequestCode.GET_BROKER_RUNTIME_INFO);
        r.add(new StatsProcessor(broker), executors.admin, RequestCode.GET_CONSUME_STATS,
                RequestCode.GET_TOPIC_STATS_INFO);
        r.add(new ConnectionAdminProcessor(broker), executors.admin, RequestCode.GET_CONSUMER_CONNECTION_LIST,
                RequestCode.GET_PRODUCER_CONNECTION_LIST, RequestCode.GET_CONSUMER_RUNNING_INFO);
        r.add(new ResetOffsetProcessor(broker), executors.admin, RequestCode.INVOKE_BROKER_TO_RESET_OFFSET);
        r.add(new BrokerConfigProcessor(broker.config(), bootMillis), executors.admin, RequestCode.GET_BROKER_CONFIG);
        r.add(new ConsumptionQueryProcessor(broker, () -> address), executors.admin,
                RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, RequestCode.QUERY_TOPICS_BY_CONSUMER);
    }

    /** Registers each processor, guarded, for its codes. */
    private record Registrar(RemotingServer server) {
        void add(RequestProcessor processor, Executor executor, int... codes) {
            RequestProcessor guarded = GuardedProcessor.guard(processor);
            for (int code : codes) {
                server.registerProcessor(code, guarded, executor);
            }
        }

        /** For processors that never block: they run on the I/O thread that read the request. */
        void addOnIoThread(RequestProcessor processor, int... codes) {
            RequestProcessor guarded = GuardedProcessor.guard(processor);
            for (int code : codes) {
                server.registerProcessor(code, guarded);
            }
        }
    }

    /** The engine served. */
    public Broker broker() {
        return broker;
    }

    /** Where the broker listens. */
    public InetSocketAddress address() {
        return server.localAddress();
    }

    public int port() {
        return server.port();
    }

    /**
     * The broker's address as clients name it, {@code host:port}: the store host (RocketMQ's {@code brokerIP1} and
     * {@code listenPort}), which offset message ids carry too. What a NameServer registration announces.
     */
    public String clientAddress() {
        return announcedAddress(broker.config());
    }

    /**
     * The topics as a NameServer registration states them, with a data version that changes exactly when they do.
     * The broker's name and cluster are in {@code broker().config()}.
     */
    public TopicTable topics() {
        return topics;
    }

    private static String announcedAddress(BrokerConfig config) {
        byte[] address = config.store().storeHostAddress();
        try {
            return InetAddress.getByAddress(address).getHostAddress() + ":" + config.store().storeHostPort();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("the store host address has " + address.length + " bytes", e);
        }
    }

    /**
     * Stops serving (every connection closes; their clients leave their groups), lets queued requests finish
     * briefly, then closes the engine (held pulls are answered, offsets written, the store closed cleanly).
     */
    @Override
    public void close() {
        server.close();
        statsSampler.shutdownNow();
        executors.close();
        broker.close();
        LOG.log(System.Logger.Level.INFO, "broker {0} stopped serving", broker.config().brokerName());
    }
}
