package io.capsulemq.client.remote;

import io.capsulemq.client.gateway.GatewayException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QueueLayoutTest {
    private static final int RW = RouteInfo.PERM_READ | RouteInfo.PERM_WRITE;

    private static RouteInfo route(RouteInfo.QueueInfo... queues) {
        return new RouteInfo(List.of(queues), Map.of("broker-a", "10.0.0.1:10911", "broker-b", "10.0.0.2:10911",
                "broker-c", "10.0.0.3:10911"));
    }

    @Test
    void shouldDealTheBrokersQueuesOutInTurnSoThatTheNextQueueIsOnAnotherBroker() {
        QueueLayout layout = QueueLayout.of(route(new RouteInfo.QueueInfo("broker-b", 2, 2, RW),
                new RouteInfo.QueueInfo("broker-a", 3, 3, RW)), Integer.MAX_VALUE);
        assertEquals(5, layout.writeCount());
        assertEquals(List.of(new BrokerQueue("broker-a", 0), new BrokerQueue("broker-b", 0),
                new BrokerQueue("broker-a", 1), new BrokerQueue("broker-b", 1), new BrokerQueue("broker-a", 2)),
                layout.readQueues());
        for (int i = 0; i < 3; i++) {
            assertNotEquals(layout.write("t", i).brokerName(), layout.write("t", i + 1).brokerName(),
                    "queue " + (i + 1) + " is on another broker than queue " + i);
        }
        assertEquals(3, layout.readIndex("broker-b", 1));
        assertEquals(-1, layout.readIndex("broker-b", 2));
    }

    @Test
    void shouldCountReadableAndWritableQueuesApartAndLeaveOutBrokersWithoutAMaster() {
        QueueLayout layout = QueueLayout.of(new RouteInfo(List.of(
                new RouteInfo.QueueInfo("broker-a", 4, 2, RW),
                new RouteInfo.QueueInfo("broker-b", 2, 2, RouteInfo.PERM_READ),
                new RouteInfo.QueueInfo("broker-slave-only", 8, 8, RW)),
                Map.of("broker-a", "10.0.0.1:10911", "broker-b", "10.0.0.2:10911")), Integer.MAX_VALUE);
        assertEquals(6, layout.readCount());
        assertEquals(2, layout.writeCount(), "broker-b does not take messages");
        assertEquals(new BrokerQueue("broker-a", 1), layout.write("t", 1));
        assertEquals(new BrokerQueue("broker-a", 0), layout.write("t", 2), "a stale queue number counts round");
    }

    @Test
    void shouldGiveATopicNotCreatedYetTheDefaultNumberOfQueuesABroker() {
        QueueLayout layout = QueueLayout.of(route(new RouteInfo.QueueInfo("broker-a", 8, 8, RW),
                new RouteInfo.QueueInfo("broker-b", 8, 8, RW)), RouteTable.DEFAULT_TOPIC_QUEUE_NUMS);
        assertEquals(8, layout.writeCount());
    }

    @Test
    void shouldSayWhenAQueueNumberIsNoLongerThere() {
        QueueLayout layout = QueueLayout.of(route(new RouteInfo.QueueInfo("broker-a", 2, 2, RW)), Integer.MAX_VALUE);
        GatewayException e = assertThrows(GatewayException.class, () -> layout.read("orders", 2));
        assertEquals(GatewayException.Kind.UNAVAILABLE, e.kind());
        assertEquals("topic orders has no readable queue 2 now (it has 2); its route changed", e.getMessage());
    }

    @Test
    void shouldReadARouteWithTheMastersAddressWhateverTheKeysLookLike() {
        RouteInfo route = RouteInfo.parse(("{\"queueDatas\":[{\"brokerName\":\"broker-a\",\"readQueueNums\":4,"
                + "\"writeQueueNums\":4,\"perm\":6,\"topicSysFlag\":0}],\"brokerDatas\":[{\"cluster\":\"c\","
                + "\"brokerName\":\"broker-a\",\"brokerAddrs\":{0:\"10.0.0.1:10911\",1:\"10.0.0.9:10911\"}}]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(Map.of("broker-a", "10.0.0.1:10911"), route.masters());
        assertEquals(List.of(new RouteInfo.QueueInfo("broker-a", 4, 4, 6)), route.queues());
    }
}
