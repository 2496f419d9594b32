package io.capsulemq.broker.store.message;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class MessageIdsTest {

    @Test
    void shouldEncodeOffsetIdAsRocketMqDoes() {
        // 127.0.0.1:10911, offset 0x1234: address, port and offset as big-endian hex.
        String id = MessageIds.offsetMessageId(new byte[] {127, 0, 0, 1}, 10911, 0x1234);
        assertEquals("7F00000100002A9F0000000000001234", id);
    }

    @Test
    void shouldWriteEveryByteAsTwoUpperCaseHexDigits() {
        byte[] v6 = {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0x12, 0x34, (byte) 0xab, (byte) 0xcd, 0, 0, 0, 1};
        for (byte[] address : new byte[][] {{(byte) 192, (byte) 168, (byte) 255, 9}, v6}) {
            for (long offset : new long[] {0, 0x1234, Long.MAX_VALUE, -1L, 0x8000_0000_0000_0001L}) {
                for (int port : new int[] {0, 10911, 65535, -1}) {
                    java.nio.ByteBuffer expected = java.nio.ByteBuffer.allocate(address.length + 12)
                            .put(address).putInt(port).putLong(offset);
                    assertEquals(java.util.HexFormat.of().withUpperCase().formatHex(expected.array()),
                            MessageIds.offsetMessageId(address, port, offset));
                }
            }
        }
    }

    @Test
    void shouldDecodeWhatItEncodes() {
        String id = MessageIds.offsetMessageId(new byte[] {10, 0, 0, 7}, 10911, 987_654_321L);
        MessageIds.Decoded d = MessageIds.decodeOffsetMessageId(id.toLowerCase());
        assertEquals(new InetSocketAddress("10.0.0.7", 10911), d.storeHost());
        assertEquals(987_654_321L, d.commitLogOffset());
    }

    @Test
    void shouldRefuseMalformedIdsSayingWhy() {
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
                () -> MessageIds.decodeOffsetMessageId("ABC"));
        assertTrue(len.getMessage().contains("3 characters"), len.getMessage());
        IllegalArgumentException hex = assertThrows(IllegalArgumentException.class,
                () -> MessageIds.decodeOffsetMessageId("Z".repeat(32)));
        assertTrue(hex.getMessage().contains("not hexadecimal"), hex.getMessage());
    }

    @Test
    void shouldMakeDistinctUniqueIdsOfRocketMqLength() {
        UniqueIdGenerator gen = new UniqueIdGenerator(new byte[] {(byte) 192, (byte) 168, 0, 1}, (short) 77, 5);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = gen.next();
            assertEquals(32, id.length());
            assertTrue(id.startsWith("C0A80001004D00000005"), id);
            assertTrue(seen.add(id), "duplicate " + id);
        }
    }

    @Test
    void shouldRoundTripPropertiesInRocketMqEncoding() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("TAGS", "A");
        p.put("KEYS", "k1 k2");
        String encoded = MessageProperties.encode(p);
        assertEquals("TAGS\u0001A\u0002KEYS\u0001k1 k2\u0002", encoded);
        assertEquals(p, MessageProperties.decode(encoded));
        assertEquals(Map.of("a", "b"), MessageProperties.decode("a\u0001b\u0002junk\u0002"));
    }
}
