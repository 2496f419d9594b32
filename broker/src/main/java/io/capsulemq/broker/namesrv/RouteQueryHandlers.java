package io.capsulemq.broker.namesrv;

import io.capsulemq.broker.namesrv.wire.BrokerMemberGroup;
import io.capsulemq.broker.namesrv.wire.TopicList;
import io.capsulemq.broker.namesrv.wire.TopicRouteData;
import io.capsulemq.broker.namesrv.wire.WireJson;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.netty.RemotingServer;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;

import java.util.Optional;
import java.util.concurrent.Executor;

/** What clients and the admin tool ask a NameServer: a topic's route, the clusters, the topics. */
final class RouteQueryHandlers {
    private final RouteTable routes;

    RouteQueryHandlers(RouteTable routes) {
        this.routes = routes;
    }

    void registerOn(RemotingServer server, Executor executor) {
        server.registerProcessor(RequestCode.GET_ROUTEINFO_BY_TOPIC, Handler.processor(this::route), executor);
        server.registerProcessor(RequestCode.GET_BROKER_CLUSTER_INFO,
                Handler.processor((connection, request) -> Handler.success(WireJson.encode(routes.clusterInfo()))),
                executor);
        server.registerProcessor(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
                Handler.processor((connection, request) ->
                        Handler.success(WireJson.encode(TopicList.of(routes.allTopics())))),
                executor);
        server.registerProcessor(RequestCode.GET_TOPICS_BY_CLUSTER, Handler.processor(this::topicsOfCluster),
                executor);
        server.registerProcessor(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS,
                Handler.processor((connection, request) -> Handler.success(WireJson.encode(routes.systemTopicList()))),
                executor);
        server.registerProcessor(NamesrvRequestCode.GET_BROKER_MEMBER_GROUP, Handler.processor(this::memberGroup),
                executor);
    }

    /** The route as standard JSON: what RocketMQ's NameServer sends clients of 4.9.4 and later. */
    private RemotingCommand route(RemotingConnection connection, RemotingCommand request)
            throws InvalidRequestException {
        String topic = new RequestHeaders(request).required("topic");
        Optional<TopicRouteData> route = routes.route(topic);
        if (route.isEmpty()) {
            return RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST,
                    "No topic route info in name server for the topic: " + topic);
        }
        return Handler.success(WireJson.encode(route.get()));
    }

    private RemotingCommand topicsOfCluster(RemotingConnection connection, RemotingCommand request)
            throws InvalidRequestException {
        String cluster = new RequestHeaders(request).required("cluster");
        return Handler.success(WireJson.encode(TopicList.of(routes.topicsOfCluster(cluster))));
    }

    private RemotingCommand memberGroup(RemotingConnection connection, RemotingCommand request)
            throws InvalidRequestException {
        RequestHeaders headers = new RequestHeaders(request);
        BrokerMemberGroup group = routes.memberGroup(headers.required("clusterName"), headers.required("brokerName"));
        return Handler.success(WireJson.encode(new BrokerMemberGroup.Response(group)));
    }
}
