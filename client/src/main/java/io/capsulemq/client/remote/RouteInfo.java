package io.capsulemq.client.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A topic's route as a NameServer answers GET_ROUTEINFO_BY_TOPIC (RocketMQ's {@code TopicRouteData}): the queues
 * each broker holds with their permissions, and each broker's master address (broker id 0).
 */
record RouteInfo(List<QueueInfo> queues, Map<String, String> masters) {
    static final int PERM_READ = 1 << 2;
    static final int PERM_WRITE = 1 << 1;
    static final String MASTER_ID = "0";

    /** One broker's share of a topic. */
    record QueueInfo(String brokerName, int readQueueNums, int writeQueueNums, int perm) {
        boolean readable() {
            return (perm & PERM_READ) != 0;
        }

        boolean writable() {
            return (perm & PERM_WRITE) != 0;
        }
    }

    RouteInfo {
        queues = List.copyOf(queues);
        masters = Map.copyOf(masters);
    }

    static RouteInfo parse(byte[] body) {
        Map<Object, Object> route = RocketJson.object(body);
        List<QueueInfo> queues = new ArrayList<>();
        for (Object item : RocketJson.arrayField(route, "queueDatas")) {
            if (item instanceof Map<?, ?> raw) {
                @SuppressWarnings("unchecked")
                Map<Object, Object> q = (Map<Object, Object>) raw;
                queues.add(new QueueInfo(RocketJson.stringField(q, "brokerName"),
                        (int) RocketJson.longField(q, "readQueueNums", 0),
                        (int) RocketJson.longField(q, "writeQueueNums", 0), (int) RocketJson.longField(q, "perm", 0)));
            }
        }
        Map<String, String> masters = new TreeMap<>();
        for (Object item : RocketJson.arrayField(route, "brokerDatas")) {
            if (item instanceof Map<?, ?> raw) {
                @SuppressWarnings("unchecked")
                Map<Object, Object> b = (Map<Object, Object>) raw;
                String master = masterOf(RocketJson.objectField(b, "brokerAddrs"));
                String name = RocketJson.stringField(b, "brokerName");
                if (master != null && name != null) {
                    masters.put(name, master);
                }
            }
        }
        return new RouteInfo(queues, masters);
    }

    /** The master's address in a {@code brokerAddrs} map, whose keys fastjson may write as numbers. */
    static String masterOf(Map<Object, Object> brokerAddrs) {
        for (Map.Entry<Object, Object> e : brokerAddrs.entrySet()) {
            if (String.valueOf(e.getKey()).equals(MASTER_ID) && e.getValue() != null) {
                return e.getValue().toString();
            }
        }
        return null;
    }
}
