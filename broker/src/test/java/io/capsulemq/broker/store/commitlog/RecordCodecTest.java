package io.capsulemq.broker.store.commitlog;

import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.PutStatus;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageSysFlag;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class RecordCodecTest {
    private final RecordCodec codec = new RecordCodec(1024, new InetSocketAddress("127.0.0.1", 10911));

    private ByteBuffer sealed(MessageToStore m, long queueOffset, long physicalOffset) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(RecordCodec.encodedLength(m));
        codec.encode(m, buf);
        RecordCodec.seal(buf, 0, queueOffset, physicalOffset, 1234L);
        return buf.flip();
    }

    @Test
    void shouldRoundTripEveryField() throws Exception {
        MessageToStore m = MessageToStore.builder("TopicA", 3).body("hello".getBytes(StandardCharsets.UTF_8))
                .tags("TagA").keys("k1", "k2").property("color", "blue").flag(7).reconsumeTimes(2)
                .preparedTransactionOffset(99).bornTimestamp(42)
                .bornHost(new InetSocketAddress("10.1.2.3", 5555)).build();
        StoredMessage s = RecordCodec.decode(sealed(m, 17, 4096), 0, 4096);
        assertEquals("TopicA", s.topic());
        assertEquals(3, s.queueId());
        assertEquals(7, s.flag());
        assertEquals(17, s.queueOffset());
        assertEquals(4096, s.commitLogOffset());
        assertEquals(42, s.bornTimestamp());
        assertEquals(1234, s.storeTimestamp());
        assertEquals(new InetSocketAddress("10.1.2.3", 5555), s.bornHost());
        assertEquals(new InetSocketAddress("127.0.0.1", 10911), s.storeHost());
        assertEquals(2, s.reconsumeTimes());
        assertEquals(99, s.preparedTransactionOffset());
        assertEquals("hello", new String(s.body(), StandardCharsets.UTF_8));
        assertEquals("TagA", s.tags());
        assertEquals("k1 k2", s.property("KEYS"));
        assertEquals("blue", s.property("color"));
        assertEquals(RecordCodec.encodedLength(m), s.storeSize());
    }

    @Test
    void shouldKeepIpv6HostsAndFlagThem() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 7);
        MessageToStore m = MessageToStore.builder("T", 0).bornHost(v6).build();
        StoredMessage s = RecordCodec.decode(sealed(m, 0, 0), 0, 0);
        assertEquals(v6, s.bornHost());
        assertNotEquals(0, s.sysFlag() & MessageSysFlag.BORN_HOST_V6);
        assertEquals(0, s.sysFlag() & MessageSysFlag.STORE_HOST_V6);
    }

    @Test
    void shouldDetectEveryFlippedByte() throws Exception {
        MessageToStore m = MessageToStore.builder("T", 1).body(new byte[40]).tags("x").build();
        ByteBuffer good = sealed(m, 5, 800);
        for (int i = 0; i < good.limit(); i++) {
            ByteBuffer bad = ByteBuffer.allocate(good.limit()).put(good.duplicate()).flip();
            bad.put(i, (byte) (bad.get(i) ^ 0x10));
            int at = i;
            assertThrows(CorruptRecordException.class, () -> RecordCodec.decode(bad, 0, 800),
                    "flip at byte " + at + " went unnoticed");
        }
    }

    @Test
    void shouldRefuseRecordThatClaimsAnotherPosition() throws Exception {
        ByteBuffer buf = sealed(MessageToStore.builder("T", 0).build(), 0, 100);
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> RecordCodec.decode(buf, 0, 200));
        assertTrue(e.getMessage().contains("claims offset 100"), e.getMessage());
    }

    @Test
    void shouldRefuseOversizeMessageNamingTheLimit() {
        MessageToStore m = MessageToStore.builder("T", 0).body(new byte[1025]).build();
        RecordRejectedException e = assertThrows(RecordRejectedException.class,
                () -> codec.encode(m, ByteBuffer.allocate(4096)));
        assertEquals(PutStatus.MESSAGE_ILLEGAL, e.status());
        assertTrue(e.getMessage().contains("maxMessageSize 1024"), e.getMessage());
    }

    @Test
    void shouldRefuseTooLargeProperties() {
        RecordCodec big = new RecordCodec(1 << 20, new InetSocketAddress("127.0.0.1", 1));
        MessageToStore m = MessageToStore.builder("T", 0).property("p", "v".repeat(70_000)).build();
        RecordRejectedException e = assertThrows(RecordRejectedException.class,
                () -> big.encode(m, ByteBuffer.allocate(80_000)));
        assertEquals(PutStatus.PROPERTIES_SIZE_EXCEEDED, e.status());
    }

    @Test
    void shouldRefuseNegativeQueueIdAndOverlongTopic() {
        assertEquals(PutStatus.MESSAGE_ILLEGAL, assertThrows(RecordRejectedException.class,
                () -> codec.encode(MessageToStore.builder("T", -1).build(), ByteBuffer.allocate(512))).status());
        assertEquals(PutStatus.MESSAGE_ILLEGAL, assertThrows(RecordRejectedException.class,
                () -> codec.encode(MessageToStore.builder("t".repeat(128), 0).build(), ByteBuffer.allocate(1024)))
                .status());
    }

    @Test
    void shouldRefuseTopicNamesThatRocketMqRefusesSayingWhy() {
        for (String bad : new String[] {"a/b", "..", "tópico", "a b"}) {
            RecordRejectedException e = assertThrows(RecordRejectedException.class,
                    () -> codec.encode(MessageToStore.builder(bad, 0).build(), ByteBuffer.allocate(1024)));
            assertEquals(PutStatus.MESSAGE_ILLEGAL, e.status());
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }
}
