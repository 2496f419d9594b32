package io.capsulemq.client.remote;

import io.capsulemq.client.gateway.OutgoingMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireCodecTest {
    /** One stored message as a broker lays it out (test-side writer of WireLayout's picture). */
    private static byte[] stored(int magic, int sysFlag, byte[] bornHost, byte[] storeHost, byte[] body, String topic,
                                 String properties) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        byte[] p = properties.getBytes(StandardCharsets.UTF_8);
        int topicLengthBytes = magic == WireLayout.MAGIC_V1 ? 1 : 2;
        int size = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + bornHost.length + 4 + 8 + storeHost.length + 4 + 4 + 8
                + 4 + body.length + topicLengthBytes + t.length + 2 + p.length;
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putInt(size).putInt(magic).putInt(0).putInt(3).putInt(0).putLong(17).putLong(4096).putInt(sysFlag)
                .putLong(1_000L).put(bornHost).putInt(5555).putLong(2_000L).put(storeHost).putInt(10911).putInt(2)
                .putLong(0).putInt(body.length).put(body);
        if (topicLengthBytes == 1) {
            buf.put((byte) t.length);
        } else {
            buf.putShort((short) t.length);
        }
        return buf.put(t).putShort((short) p.length).put(p).array();
    }

    @Test
    void shouldDecodeEveryFieldOfAStoredMessage() throws Exception {
        byte[] record = stored(WireLayout.MAGIC_V1, 0, new byte[] {10, 0, 0, 7}, new byte[] {127, 0, 0, 1},
                "hi".getBytes(StandardCharsets.UTF_8), "orders", "TAGS\u0001a\u0002UNIQ_KEY\u0001ID1\u0002");
        WireMessage m = WireCodec.decodeAll(record).get(0);
        assertEquals(3, m.queueId());
        assertEquals(17, m.queueOffset());
        assertEquals(4096, m.commitLogOffset());
        assertEquals(1_000L, m.bornTimestamp());
        assertEquals(new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 7}), 5555), m.bornHost());
        assertEquals(2_000L, m.storeTimestamp());
        assertEquals(10911, m.storeHost().getPort());
        assertEquals(2, m.reconsumeTimes());
        assertEquals("hi", new String(m.body(), StandardCharsets.UTF_8));
        assertEquals("orders", m.topic());
        assertEquals(Map.of("TAGS", "a", "UNIQ_KEY", "ID1"), m.properties());
    }

    @Test
    void shouldDecodeSeveralMessagesWithIpv6HostsAndLongTopicLengths() {
        byte[] v6 = new byte[16];
        v6[15] = 1;
        byte[] first = stored(WireLayout.MAGIC_V2, WireLayout.SYS_BORN_HOST_V6 | WireLayout.SYS_STORE_HOST_V6, v6,
                v6, new byte[0], "t".repeat(200), "");
        byte[] second = stored(WireLayout.MAGIC_V1, 0, new byte[4], new byte[4], new byte[] {1}, "u", "");
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        List<WireMessage> messages = WireCodec.decodeAll(both);
        assertEquals(List.of("t".repeat(200), "u"), messages.stream().map(WireMessage::topic).toList());
        assertEquals(5555, messages.get(0).bornHost().getPort());
    }

    @Test
    void shouldInflateAZlibCompressedBody() {
        byte[] plain = "compress me ".repeat(500).getBytes(StandardCharsets.UTF_8);
        Deflater deflater = new Deflater();
        deflater.setInput(plain);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[1024];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        byte[] record = stored(WireLayout.MAGIC_V1, WireLayout.SYS_COMPRESSED | (WireLayout.COMPRESSION_ZLIB << 8),
                new byte[4], new byte[4], out.toByteArray(), "t", "");
        WireMessage m = WireCodec.decodeAll(record).get(0);
        assertArrayEquals(plain, m.body());
        assertEquals(0, m.sysFlag() & WireLayout.SYS_COMPRESSED);
    }

    @Test
    void shouldRefuseARecordThatDoesNotAddUpNamingWhere() {
        byte[] record = stored(WireLayout.MAGIC_V1, 0, new byte[4], new byte[4], new byte[] {1, 2}, "t", "");
        byte[] cut = Arrays.copyOf(record, record.length - 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WireCodec.decodeAll(cut));
        assertTrue(e.getMessage().startsWith("malformed message at byte 0 of the answer"), e.getMessage());
        byte[] badMagic = record.clone();
        badMagic[4] = 0;
        e = assertThrows(IllegalArgumentException.class, () -> WireCodec.decodeAll(badMagic));
        assertTrue(e.getMessage().contains("unknown magic code"), e.getMessage());
        byte[] lz4 = stored(WireLayout.MAGIC_V1, WireLayout.SYS_COMPRESSED | (1 << 8), new byte[4], new byte[4],
                new byte[] {1}, "t", "");
        e = assertThrows(IllegalArgumentException.class, () -> WireCodec.decodeAll(lz4));
        assertTrue(e.getMessage().contains("only zlib"), e.getMessage());
    }

    @Test
    void shouldLayOutABatchAsRocketMqDoes() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("UNIQ_KEY", "ID1");
        OutgoingMessage one = new OutgoingMessage("t", 0, new byte[] {9, 8}, properties, 0,
                new InetSocketAddress(0));
        byte[] batch = WireCodec.encodeBatch(List.of(one, one));
        ByteBuffer buf = ByteBuffer.wrap(batch);
        int size = buf.getInt();
        assertEquals(batch.length / 2, size);
        assertEquals(0, buf.getInt(), "magic");
        assertEquals(0, buf.getInt(), "body crc");
        assertEquals(0, buf.getInt(), "flag");
        assertEquals(2, buf.getInt());
        assertEquals(9, buf.get());
        assertEquals(8, buf.get());
        byte[] props = new byte[buf.getShort()];
        buf.get(props);
        assertEquals("UNIQ_KEY\u0001ID1\u0002", new String(props, StandardCharsets.UTF_8));
        assertEquals(size, buf.position());
    }
}
