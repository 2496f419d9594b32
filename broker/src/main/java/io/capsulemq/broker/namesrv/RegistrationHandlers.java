package io.capsulemq.broker.namesrv;

import io.capsulemq.broker.namesrv.wire.BodyChecksum;
import io.capsulemq.broker.namesrv.wire.DataVersion;
import io.capsulemq.broker.namesrv.wire.KvTable;
import io.capsulemq.broker.namesrv.wire.RegisterBrokerBody;
import io.capsulemq.broker.namesrv.wire.WireJson;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.netty.RemotingServer;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

/** Brokers registering, saying they are alive, and leaving: REGISTER_BROKER, heartbeats, UNREGISTER_BROKER. */
final class RegistrationHandlers {
    private static final System.Logger LOG = System.getLogger(RegistrationHandlers.class.getName());
    /** The KV namespace whose pairs a registering broker gets back (RocketMQ's ordered-topic configuration). */
    static final String ORDER_TOPIC_NAMESPACE = "ORDER_TOPIC_CONFIG";
    /** The extField a broker names its zone in (RocketMQ's MixAll.ZONE_NAME), outside the typed header. */
    static final String ZONE_NAME_FIELD = "__ZONE_NAME";

    private final RouteTable routes;
    private final KvConfigStore kvConfig;
    private final Clock clock;

    RegistrationHandlers(RouteTable routes, KvConfigStore kvConfig, Clock clock) {
        this.routes = routes;
        this.kvConfig = kvConfig;
        this.clock = clock;
    }

    void registerOn(RemotingServer server, Executor executor) {
        server.registerProcessor(RequestCode.REGISTER_BROKER, Handler.processor(this::register), executor);
        server.registerProcessor(RequestCode.UNREGISTER_BROKER, Handler.processor(this::unregister), executor);
        server.registerProcessor(RequestCode.QUERY_DATA_VERSION, Handler.processor(this::queryDataVersion), executor);
        server.registerProcessor(NamesrvRequestCode.BROKER_HEARTBEAT, Handler.processor(this::heartbeat), executor);
    }

    private RemotingCommand register(RemotingConnection connection, RemotingCommand request)
            throws InvalidRequestException {
        RequestHeaders headers = new RequestHeaders(request);
        String clusterName = headers.required("clusterName");
        String brokerName = headers.required("brokerName");
        String brokerAddr = headers.required("brokerAddr");
        long brokerId = headers.requiredLong("brokerId");
        String haServerAddr = headers.required("haServerAddr");
        Long crc = headers.optionalLong("bodyCrc32");
        if (crc != null && crc != 0 && crc != BodyChecksum.of(request.body())) {
            LOG.log(System.Logger.Level.WARNING, "REGISTER_BROKER from {0} ({1}) has a body whose CRC-32 does not "
                    + "match its header; ignored", connection.remoteAddress(), brokerAddr);
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "crc32 not match");
        }
        Long timeoutMillis = headers.optionalLong("heartbeatTimeoutMillis");
        if (timeoutMillis != null && timeoutMillis <= 0) {
            throw new InvalidRequestException("REGISTER_BROKER has a heartbeatTimeoutMillis that is not positive: "
                    + timeoutMillis);
        }
        RegisterBrokerBody body = RegisterBrokerBodyReader.read(request.body(),
                Boolean.TRUE.equals(headers.optionalBoolean("compressed")));
        BrokerRegistration registration = new BrokerRegistration(clusterName, brokerName, brokerAddr, brokerId,
                haServerAddr, headers.optional(ZONE_NAME_FIELD),
                timeoutMillis == null ? null : Duration.ofMillis(timeoutMillis),
                headers.optionalBoolean("enableActingMaster"), body);
        RouteTable.RegisterOutcome outcome = routes.register(registration, connection, clock.millis());
        if (!connection.isActive()) {
            // The connection closed while the request waited for a worker: the broker is gone again.
            routes.connectionClosed(connection);
        }
        LOG.log(System.Logger.Level.DEBUG, "broker {0} ({1}, id {2}, cluster {3}) registered {4} topics",
                brokerName, brokerAddr, brokerId, clusterName,
                body.topicConfigSerializeWrapper().topicConfigTable().size());

        RemotingCommand.Builder response = RemotingCommand.response(ResponseCode.SUCCESS)
                .extField("masterAddr", outcome.masterAddr())
                .extField("haServerAddr", outcome.haServerAddr());
        kvConfig.namespace(ORDER_TOPIC_NAMESPACE).ifPresent(pairs -> response.body(WireJson.encode(new KvTable(pairs))));
        return response.build();
    }

    private RemotingCommand unregister(RemotingConnection connection, RemotingCommand request)
            throws InvalidRequestException {
        RequestHeaders headers = new RequestHeaders(request);
        String clusterName = headers.required("clusterName");
        String brokerName = headers.required("brokerName");
        String brokerAddr = headers.required("brokerAddr");
        headers.requiredLong("brokerId");
        routes.unregister(clusterName, brokerName, brokerAddr);
        LOG.log(System.Logger.Level.INFO, "broker {0} ({1}, cluster {2}) unregistered", brokerName, brokerAddr,
                clusterName);
        return Handler.success();
    }

    /**
     * A broker asks whether the NameServer has its current topics (RocketMQ's brokers do before registering when
     * forceRegister is off, and as a heartbeat towards old NameServers). Counts as being heard from.
     */
    private RemotingCommand queryDataVersion(RemotingConnection connection, RemotingCommand request)
            throws InvalidRequestException {
        RequestHeaders headers = new RequestHeaders(request);
        String clusterName = headers.required("clusterName");
        String brokerAddr = headers.required("brokerAddr");
        DataVersion brokerVersion;
        try {
            brokerVersion = WireJson.decode(request.body(), DataVersion.class);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("QUERY_DATA_VERSION: " + e.getMessage(), e);
        }
        Optional<DataVersion> known = routes.dataVersion(clusterName, brokerAddr);
        routes.touch(clusterName, brokerAddr, clock.millis());
        boolean changed = known.map(version -> !version.equals(brokerVersion)).orElse(true);
        RemotingCommand.Builder response = RemotingCommand.response(ResponseCode.SUCCESS)
                .extField("changed", Boolean.toString(changed));
        known.ifPresent(version -> response.body(WireJson.encode(version)));
        return response.build();
    }

    private RemotingCommand heartbeat(RemotingConnection connection, RemotingCommand request)
            throws InvalidRequestException {
        RequestHeaders headers = new RequestHeaders(request);
        routes.touch(headers.required("clusterName"), headers.required("brokerAddr"), clock.millis());
        return Handler.success();
    }
}
