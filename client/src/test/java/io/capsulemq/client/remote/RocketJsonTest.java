package io.capsulemq.client.remote;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RocketJsonTest {
    @Test
    void shouldReadMapsWhoseKeysFastjsonWritesBare() {
        // As Apache RocketMQ 5.5.0 writes a ResetOffsetBody and a ClusterInfo (fastjson2, checked by hand).
        Map<Object, Object> reset = RocketJson.object(
                "{\"offsetTable\":{{\"brokerName\":\"broker-a\",\"queueId\":1,\"topic\":\"T\"}:5}}".getBytes());
        Map<Object, Object> table = RocketJson.objectField(reset, "offsetTable");
        assertEquals(Map.of(Map.of("brokerName", "broker-a", "queueId", 1L, "topic", "T"), 5L), table);

        Map<Object, Object> cluster = RocketJson.object(("{\"brokerAddrTable\":{\"broker-a\":{\"brokerAddrs\":"
                + "{0:\"127.0.0.1:10911\"},\"brokerName\":\"broker-a\"}}}").getBytes());
        Map<Object, Object> broker = RocketJson.objectField(RocketJson.objectField(cluster, "brokerAddrTable"),
                "broker-a");
        assertEquals("127.0.0.1:10911", RouteInfo.masterOf(RocketJson.objectField(broker, "brokerAddrs")));
    }

    @Test
    void shouldReadStandardJsonValues() {
        Object value = RocketJson.read("[\"a\\u00e9\\n\", -12, 3.5, 1e3, true, false, null, {}, [], "
                + "123456789012345678901234567890]");
        assertEquals(Arrays.asList("a\u00e9\n", -12L, new BigDecimal("3.5"), new BigDecimal("1e3"), true, false, null,
                Map.of(), List.of(), new BigDecimal("123456789012345678901234567890")), value);
    }

    @Test
    void shouldNameWhereMalformedJsonGoesWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RocketJson.read("{\"a\":1,}"));
        assertTrue(e.getMessage().startsWith("malformed JSON at position 7: unexpected '}'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RocketJson.read("{\"a\":1} x"));
        assertThrows(IllegalArgumentException.class, () -> RocketJson.read("\"open"));
        assertThrows(IllegalArgumentException.class, () -> RocketJson.object("[1]".getBytes()));
    }

    @Test
    void shouldWriteStandardJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("groupName", "g");
        body.put("tags", List.of("a"));
        assertEquals("{\"groupName\":\"g\",\"tags\":[\"a\"]}", new String(RocketJson.write(body),
                StandardCharsets.UTF_8));
    }
}
