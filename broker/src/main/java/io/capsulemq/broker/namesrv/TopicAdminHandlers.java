package io.capsulemq.broker.namesrv;

import io.capsulemq.broker.namesrv.wire.TopicRouteData;
import io.capsulemq.broker.namesrv.wire.WireJson;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.netty.RemotingServer;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;

import java.util.concurrent.Executor;

/** What operators change on a NameServer: deleting a topic's routes, one topic's queues, brokers' write permission. */
final class TopicAdminHandlers {
    private static final System.Logger LOG = System.getLogger(TopicAdminHandlers.class.getName());

    private final RouteTable routes;

    TopicAdminHandlers(RouteTable routes) {
        this.routes = routes;
    }

    void registerOn(RemotingServer server, Executor executor) {
        server.registerProcessor(RequestCode.DELETE_TOPIC_IN_NAMESRV, Handler.processor(this::deleteTopic), executor);
        server.registerProcessor(RequestCode.REGISTER_TOPIC_IN_NAMESRV, Handler.processor(this::registerTopic),
                executor);
        server.registerProcessor(RequestCode.WIPE_WRITE_PERM_OF_BROKER, Handler.processor(this::wipeWritePermission),
                executor);
        server.registerProcessor(RequestCode.ADD_WRITE_PERM_OF_BROKER, Handler.processor(this::addWritePermission),
                executor);
    }

    /** Deletes the topic's routes in one cluster when the request names one, everywhere otherwise. */
    private RemotingCommand deleteTopic(RemotingConnection connection, RemotingCommand request)
            throws InvalidRequestException {
        RequestHeaders headers = new RequestHeaders(request);
        String topic = headers.required("topic");
        String cluster = headers.optional("clusterName");
        boolean removed = cluster == null || cluster.isEmpty() ? routes.deleteTopic(topic)
                : routes.deleteTopic(topic, cluster);
        LOG.log(System.Logger.Level.INFO, "topic {0} deleted{1} at the request of {2}{3}", topic,
                cluster == null || cluster.isEmpty() ? "" : " in cluster " + cluster, connection.remoteAddress(),
                removed ? "" : " (it had no routes)");
        return Handler.success();
    }

    private RemotingCommand registerTopic(RemotingConnection connection, RemotingCommand request)
            throws InvalidRequestException {
        String topic = new RequestHeaders(request).required("topic");
        TopicRouteData route;
        try {
            route = WireJson.decode(request.body(), TopicRouteData.class);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("REGISTER_TOPIC_IN_NAMESRV: " + e.getMessage(), e);
        }
        if (!route.queueDatas().isEmpty()) {
            routes.putTopic(topic, route.queueDatas());
        }
        return Handler.success();
    }

    private RemotingCommand wipeWritePermission(RemotingConnection connection, RemotingCommand request)
            throws InvalidRequestException {
        String brokerName = new RequestHeaders(request).required("brokerName");
        int count = routes.wipeWritePermission(brokerName);
        LOG.log(System.Logger.Level.INFO, "write permission of broker {0} wiped on {1} topics at the request of {2}",
                brokerName, count, connection.remoteAddress());
        return RemotingCommand.response(ResponseCode.SUCCESS).extField("wipeTopicCount", Integer.toString(count))
                .build();
    }

    private RemotingCommand addWritePermission(RemotingConnection connection, RemotingCommand request)
            throws InvalidRequestException {
        String brokerName = new RequestHeaders(request).required("brokerName");
        int count = routes.addWritePermission(brokerName);
        LOG.log(System.Logger.Level.INFO, "write permission of broker {0} restored on {1} topics at the request of "
                + "{2}", brokerName, count, connection.remoteAddress());
        return RemotingCommand.response(ResponseCode.SUCCESS).extField("addTopicCount", Integer.toString(count))
                .build();
    }
}
