package io.capsulemq.broker.remoting.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class CommandCodecTest {
    private static RemotingCommand fullRequest(SerializeType type) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .language(LanguageCode.CPP)
                .version(453)
                .opaque(-7)
                .remark("héllo \"quoted\" \\ / \t ✓ 😀")
                .extField("a", "TopicTest")
                .extField("b", "ProducerGroup")
                .extField("i", "Tags\u0001Keys\u0002")
                .extField("ключ", "значение")
                .body("message body".getBytes(StandardCharsets.UTF_8))
                .serializeType(type)
                .build();
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void shouldReadBackEveryPartOfARequestItWrote(SerializeType type) {
        RemotingCommand request = fullRequest(type);
        assertEquals(request, CommandCodec.decode(CommandCodec.encode(request)));
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void shouldReadBackAResponseWithoutRemarkExtFieldsOrBody(SerializeType type) {
        RemotingCommand response = RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST).opaque(99)
                .serializeType(type).build();
        RemotingCommand decoded = CommandCodec.decode(CommandCodec.encode(response));
        assertEquals(response, decoded);
        assertTrue(decoded.isResponse());
    }

    @Test
    void shouldReadAnEmptyBinaryRemarkAsNoRemark() {
        RemotingCommand command = RemotingCommand.request(1).remark("").serializeType(SerializeType.ROCKETMQ).build();
        assertNull(CommandCodec.decode(CommandCodec.encode(command)).remark());
    }

    @Test
    void shouldKeepAnEmptyJsonRemark() {
        RemotingCommand command = RemotingCommand.request(1).remark("").build();
        assertEquals("", CommandCodec.decode(CommandCodec.encode(command)).remark());
    }

    @Test
    void shouldLayOutTheFrameAsLengthThenTypeAndHeaderLengthThenHeaderThenBody() {
        byte[] body = {9, 8, 7};
        byte[] frame = CommandCodec.encode(RemotingCommand.request(RequestCode.PULL_MESSAGE).opaque(5).body(body)
                .serializeType(SerializeType.ROCKETMQ).build());
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        assertEquals(frame.length - FrameDescriptor.LENGTH_SIZE, buffer.getInt(FrameDescriptor.LENGTH_OFFSET));
        int headerInfo = buffer.getInt(FrameDescriptor.HEADER_INFO_OFFSET);
        assertEquals(SerializeType.ROCKETMQ.code(), headerInfo >>> 24);
        int headerLength = headerInfo & 0xFFFFFF;
        assertEquals(BinaryHeaderDescriptor.MIN_HEADER_LENGTH, headerLength);
        assertEquals(FrameDescriptor.HEADER_OFFSET + headerLength + body.length, frame.length);

        int header = FrameDescriptor.HEADER_OFFSET;
        assertEquals(RequestCode.PULL_MESSAGE, buffer.getShort(header + BinaryHeaderDescriptor.CODE_OFFSET));
        assertEquals(LanguageCode.JAVA.code(), buffer.get(header + BinaryHeaderDescriptor.LANGUAGE_OFFSET));
        assertEquals(5, buffer.getInt(header + BinaryHeaderDescriptor.OPAQUE_OFFSET));
        assertEquals(0, buffer.getInt(header + BinaryHeaderDescriptor.REMARK_LENGTH_OFFSET));
        assertEquals(9, frame[frame.length - 3]);
    }

    @Test
    void shouldWriteJsonHeadersWithFieldsInNameOrderAndNoWhitespace() {
        byte[] frame = CommandCodec.encode(RemotingCommand.request(10).opaque(3).extField("k", "v").build());
        String header = new String(frame, FrameDescriptor.HEADER_OFFSET, frame.length - FrameDescriptor.HEADER_OFFSET,
                StandardCharsets.UTF_8);
        assertEquals("{\"code\":10,\"extFields\":{\"k\":\"v\"},\"flag\":0,\"language\":\"JAVA\",\"opaque\":3,"
                + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":0}", header);
    }

    @Test
    void shouldRefuseACodeTheBinaryHeadersShortCannotCarryAndLeaveTheBufferAsItWas() {
        RemotingCommand pop = RemotingCommand.request(RequestCode.POP_MESSAGE).serializeType(SerializeType.ROCKETMQ)
                .build();
        ByteBuf out = Unpooled.buffer();
        out.writeByte(1);
        RemotingProtocolException e = assertThrows(RemotingProtocolException.class,
                () -> CommandCodec.encode(pop, out));
        assertTrue(e.getMessage().contains("200050"), e.getMessage());
        assertEquals(1, out.writerIndex());
        assertEquals(RequestCode.POP_MESSAGE, CommandCodec.decode(CommandCodec.encode(
                pop.toBuilder().serializeType(SerializeType.JSON).build())).code(), "JSON carries any int code");
    }

    @Test
    void shouldReadJsonHeadersLeniently() {
        String json = "{\"opaque\":\"12\",\"unknown\":{\"x\":[1,2]},\"language\":\"KOTLIN\",\"code\":310,"
                + "\"extFields\":{\"n\":5,\"nothing\":null},\"remark\":null}";
        RemotingCommand command = CommandCodec.decode(frame(SerializeType.JSON.code(),
                json.getBytes(StandardCharsets.UTF_8), new byte[0]));
        assertEquals(310, command.code());
        assertEquals(12, command.opaque());
        assertEquals(LanguageCode.OTHER, command.language());
        assertEquals("5", command.extField("n"));
        assertFalse(command.extFields().containsKey("nothing"));
        assertNull(command.remark());
        assertEquals(SerializeType.JSON, command.serializeType());
    }

    @Test
    void shouldRejectAnUnknownSerializeType() {
        assertRejected(frame(7, "{}".getBytes(StandardCharsets.UTF_8), new byte[0]), "serialize type 7");
    }

    @Test
    void shouldRejectAHeaderLongerThanItsFrame() {
        byte[] frame = frame(0, "{}".getBytes(StandardCharsets.UTF_8), new byte[0]);
        ByteBuffer.wrap(frame).putInt(FrameDescriptor.HEADER_INFO_OFFSET, 100);
        assertRejected(frame, "header length 100");
    }

    @Test
    void shouldRejectAFrameWhoseLengthFieldDisagreesWithItsSize() {
        byte[] frame = CommandCodec.encode(RemotingCommand.request(1).build());
        ByteBuffer.wrap(frame).putInt(0, frame.length);
        assertRejected(frame, "length field");
    }

    @Test
    void shouldRejectAFrameTooShortForItsHeaderInfo() {
        assertRejected(new byte[] {0, 0, 0, 2, 0, 0}, "no header length");
    }

    @Test
    void shouldRejectJsonHeadersThatAreNotOneObject() {
        assertRejected(frame(0, "not json".getBytes(StandardCharsets.UTF_8), new byte[0]), "JSON");
        assertRejected(frame(0, "[1]".getBytes(StandardCharsets.UTF_8), new byte[0]), "not an object");
        assertRejected(frame(0, "{\"code\":1} {}".getBytes(StandardCharsets.UTF_8), new byte[0]), "after");
        assertRejected(frame(0, "{\"code\":1.5}".getBytes(StandardCharsets.UTF_8), new byte[0]), "code");
        assertRejected(frame(0, "{\"code\":1".getBytes(StandardCharsets.UTF_8), new byte[0]), "JSON");
    }

    @Test
    void shouldRejectBinaryHeadersWhoseLengthsDoNotAddUp() {
        byte[] good = CommandCodec.encode(RemotingCommand.request(1).remark("abc").extField("k", "v")
                .serializeType(SerializeType.ROCKETMQ).build());
        int header = FrameDescriptor.HEADER_OFFSET;

        byte[] shortHeader = frame(1, new byte[BinaryHeaderDescriptor.MIN_HEADER_LENGTH - 1], new byte[0]);
        assertRejected(shortHeader, "shorter than the minimum");

        byte[] negativeRemark = good.clone();
        ByteBuffer.wrap(negativeRemark).putInt(header + BinaryHeaderDescriptor.REMARK_LENGTH_OFFSET, -1);
        assertRejected(negativeRemark, "remark length -1");

        byte[] hugeRemark = good.clone();
        ByteBuffer.wrap(hugeRemark).putInt(header + BinaryHeaderDescriptor.REMARK_LENGTH_OFFSET, 1 << 20);
        assertRejected(hugeRemark, "remark length");

        byte[] wrongExtLength = good.clone();
        ByteBuffer.wrap(wrongExtLength).putInt(header + BinaryHeaderDescriptor.REMARK_OFFSET + 3, 99);
        assertRejected(wrongExtLength, "extFields length 99");

        byte[] wrongKeyLength = good.clone();
        ByteBuffer.wrap(wrongKeyLength).putShort(header + BinaryHeaderDescriptor.REMARK_OFFSET + 3 + 4, (short) 50);
        assertRejected(wrongKeyLength, "entry length 50");
    }

    private static void assertRejected(byte[] frame, String reason) {
        RemotingProtocolException e = assertThrows(RemotingProtocolException.class, () -> CommandCodec.decode(frame));
        assertTrue(e.getMessage().contains(reason), "expected \"" + reason + "\" in: " + e.getMessage());
    }

    /** A frame with this type byte, header and body. */
    static byte[] frame(int typeCode, byte[] header, byte[] body) {
        ByteBuffer frame = ByteBuffer.allocate(FrameDescriptor.HEADER_OFFSET + header.length + body.length);
        frame.putInt(FrameDescriptor.HEADER_INFO_SIZE + header.length + body.length);
        frame.putInt((typeCode << 24) | header.length);
        frame.put(header).put(body);
        return frame.array();
    }
}
