package io.capsulemq.broker.remoting.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Our codec against the real one: {@code org.apache.rocketmq.remoting.protocol.RemotingCommand} from
 * rocketmq-remoting 5.5.0 (a test-scope dependency). Frames must be identical byte for byte, and each side must read
 * what the other writes.
 */
class RocketMqCodecCompatibilityTest {
    private static final String CONTROL_AND_UNICODE;

    static {
        StringBuilder text = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            text.append(c);
        }
        CONTROL_AND_UNICODE = text.append("é ✓ \u2028 😀 ключ").toString();
    }

    private static Map<String, String> extFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("producerGroup", "please_rename_unique_group_name");
        fields.put("topic", "TopicTest");
        fields.put("queueId", "3");
        fields.put("properties", "TAGS\u0001TagA\u0002KEYS\u0001key 1\u0002");
        fields.put("ключ", "значение ✓");
        return fields;
    }

    private static RemotingCommand ours(SerializeType type, int flag, String remark, byte[] body) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .language(LanguageCode.GO)
                .version(453)
                .opaque(123456)
                .flag(flag)
                .remark(remark)
                .extFields(extFields())
                .body(body)
                .serializeType(type)
                .build();
    }

    private static org.apache.rocketmq.remoting.protocol.RemotingCommand theirs(SerializeType type, int flag,
            String remark, byte[] body) {
        org.apache.rocketmq.remoting.protocol.RemotingCommand command =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(RequestCode.SEND_MESSAGE_V2,
                        null);
        command.setLanguage(org.apache.rocketmq.remoting.protocol.LanguageCode.GO);
        command.setVersion(453);
        command.setOpaque(123456);
        command.setFlag(flag);
        command.setRemark(remark);
        // A LinkedHashMap is a HashMap: RocketMQ then writes the entries in our order.
        command.setExtFields(new LinkedHashMap<>(extFields()));
        command.setBody(body);
        command.setSerializeTypeCurrentRPC(theirType(type));
        return command;
    }

    private static org.apache.rocketmq.remoting.protocol.SerializeType theirType(SerializeType type) {
        return org.apache.rocketmq.remoting.protocol.SerializeType.valueOf(type.name());
    }

    /** The frame RocketMQ's {@code encode()} writes. */
    private static byte[] encodedByThem(org.apache.rocketmq.remoting.protocol.RemotingCommand command) {
        ByteBuffer buffer = command.encode();
        byte[] frame = new byte[buffer.remaining()];
        buffer.get(frame);
        return frame;
    }

    /** The frame RocketMQ's Netty encoder writes ({@code fastEncodeHeader} then the body). */
    private static byte[] wireEncodedByThem(org.apache.rocketmq.remoting.protocol.RemotingCommand command) {
        ByteBuf out = Unpooled.buffer();
        command.fastEncodeHeader(out);
        if (command.getBody() != null) {
            out.writeBytes(command.getBody());
        }
        return ByteBufUtil.getBytes(out);
    }

    private static org.apache.rocketmq.remoting.protocol.RemotingCommand decodedByThem(byte[] frame)
            throws Exception {
        // RocketMQ's decode expects the frame after its length field, as its Netty decoder strips it.
        return org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(
                ByteBuffer.wrap(frame, 4, frame.length - 4).slice());
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void shouldWriteARequestByteForByteAsRocketMqDoes(SerializeType type) {
        byte[] body = "Hello RocketMQ".getBytes(StandardCharsets.UTF_8);
        byte[] expected = encodedByThem(theirs(type, 0, "a remark ✓", body));
        byte[] actual = CommandCodec.encode(ours(type, 0, "a remark ✓", body));
        assertArrayEquals(expected, actual, () -> difference(actual, expected));
        assertArrayEquals(expected, wireEncodedByThem(theirs(type, 0, "a remark ✓", body)),
                "RocketMQ's two encoders agree");
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void shouldWriteResponsesAndOnewayRequestsByteForByteAsRocketMqDoes(SerializeType type) {
        for (int flag : new int[] {RemotingCommand.FLAG_RESPONSE, RemotingCommand.FLAG_ONEWAY}) {
            assertArrayEquals(encodedByThem(theirs(type, flag, null, null)),
                    CommandCodec.encode(ours(type, flag, null, null)), "flag " + flag);
        }
    }

    @Test
    void shouldEscapeEveryCharacterInJsonAsRocketMqDoes() {
        byte[] expected = encodedByThem(theirs(SerializeType.JSON, 0, CONTROL_AND_UNICODE, null));
        byte[] actual = CommandCodec.encode(ours(SerializeType.JSON, 0, CONTROL_AND_UNICODE, null));
        assertArrayEquals(expected, actual, () -> difference(actual, expected));
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void shouldReadWhatRocketMqWrites(SerializeType type) {
        byte[] body = {0, 1, 2, (byte) 0xFF};
        RemotingCommand decoded = CommandCodec.decode(wireEncodedByThem(theirs(type, 3, CONTROL_AND_UNICODE, body)));
        assertEquals(ours(type, 3, CONTROL_AND_UNICODE, body), decoded);
        assertTrue(decoded.isResponse());
        assertTrue(decoded.isOneway());
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void shouldBeReadByRocketMq(SerializeType type) throws Exception {
        byte[] body = "body".getBytes(StandardCharsets.UTF_8);
        org.apache.rocketmq.remoting.protocol.RemotingCommand decoded =
                decodedByThem(CommandCodec.encode(ours(type, RemotingCommand.FLAG_RESPONSE, CONTROL_AND_UNICODE,
                        body)));
        assertEquals(RequestCode.SEND_MESSAGE_V2, decoded.getCode());
        assertEquals(org.apache.rocketmq.remoting.protocol.LanguageCode.GO, decoded.getLanguage());
        assertEquals(453, decoded.getVersion());
        assertEquals(123456, decoded.getOpaque());
        assertTrue(decoded.isResponseType());
        assertFalse(decoded.isOnewayRPC());
        assertEquals(CONTROL_AND_UNICODE, decoded.getRemark());
        assertEquals(extFields(), decoded.getExtFields());
        assertArrayEquals(body, decoded.getBody());
        assertEquals(theirType(type), decoded.getSerializeTypeCurrentRPC());
    }

    @Test
    void shouldAgreeWithRocketMqOnEveryRequestCodeItNames() throws Exception {
        assertSameConstants(RequestCode.class, org.apache.rocketmq.remoting.protocol.RequestCode.class);
    }

    @Test
    void shouldAgreeWithRocketMqOnEveryResponseCodeItNames() throws Exception {
        assertSameConstants(ResponseCode.class, org.apache.rocketmq.remoting.protocol.ResponseCode.class);
    }

    @Test
    void shouldAgreeWithRocketMqOnEveryLanguageCode() {
        Map<String, Byte> ourCodes = new TreeMap<>();
        for (LanguageCode language : LanguageCode.values()) {
            ourCodes.put(language.name(), language.code());
        }
        Map<String, Byte> theirCodes = new TreeMap<>();
        for (org.apache.rocketmq.remoting.protocol.LanguageCode language
                : org.apache.rocketmq.remoting.protocol.LanguageCode.values()) {
            theirCodes.put(language.name(), language.getCode());
        }
        assertEquals(theirCodes, ourCodes);
    }

    private static void assertSameConstants(Class<?> ours, Class<?> theirs) throws Exception {
        int compared = 0;
        for (Field field : ours.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                Field theirField = theirs.getField(field.getName());
                assertEquals(((Number) theirField.get(null)).intValue(), field.getInt(null), field.getName());
                compared++;
            }
        }
        assertTrue(compared > 40, "compared " + compared + " constants");
    }

    private static String difference(byte[] ours, byte[] theirs) {
        return "\nours:   " + printable(ours) + "\ntheirs: " + printable(theirs);
    }

    private static String printable(byte[] frame) {
        StringBuilder text = new StringBuilder();
        for (byte b : frame) {
            text.append(b >= 0x20 && b < 0x7F ? Character.toString(b) : String.format("\\x%02x", b));
        }
        return text.toString();
    }
}
