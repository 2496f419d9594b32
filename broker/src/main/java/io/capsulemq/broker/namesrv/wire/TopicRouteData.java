package io.capsulemq.broker.namesrv.wire;

import java.util.List;
import java.util.Map;

/**
 * The answer to GET_ROUTEINFO_BY_TOPIC (RocketMQ's TopicRouteData): which brokers hold the topic's queues and
 * where they are. {@code orderTopicConf} is left out unless set, as fastjson leaves out nulls.
 */
public record TopicRouteData(String orderTopicConf, List<QueueData> queueDatas, List<BrokerData> brokerDatas,
                             Map<String, List<String>> filterServerTable) {
    public TopicRouteData {
        queueDatas = queueDatas == null ? List.of() : List.copyOf(queueDatas);
        brokerDatas = brokerDatas == null ? List.of() : List.copyOf(brokerDatas);
        filterServerTable = filterServerTable == null ? Map.of() : Map.copyOf(filterServerTable);
    }
}
