package io.capsulemq.broker.remoting.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class JsonHeaderCodecTest {

    private static String written(RemotingCommand command, boolean plain) {
        ByteBuf out = Unpooled.buffer();
        try {
            if (plain) {
                JsonHeaderCodec.encodePlain(command, out);
            } else {
                JsonHeaderCodec.encodeEscaped(command, out);
            }
            return new String(ByteBufUtil.getBytes(out), StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    @Test
    void shouldWritePlainHeadersExactlyAsTheGeneratorDoes() {
        List<RemotingCommand> commands = List.of(
                RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).build(),
                RemotingCommand.response(ResponseCode.SUCCESS).opaque(-7).version(513)
                        .extField("msgId", "7F00000100002A9F0000000000000000,7F00000100002A9F0000000000000480")
                        .extField("queueId", "3").extField("queueOffset", "9223372036854775807")
                        .extField("MSG_REGION", "DefaultRegion").extField("TRACE_ON", "true").build(),
                RemotingCommand.request(Integer.MIN_VALUE).language(LanguageCode.CPP).flag(Integer.MAX_VALUE)
                        .remark("printable ~!@#$%^&*()_+`-={}|[]:;'<>?,./ and spaces").extField("", "").build(),
                RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "no such topic"));
        for (RemotingCommand command : commands) {
            assertTrue(JsonHeaderCodec.isPlain(command), command::toString);
            assertEquals(written(command, false), written(command, true), command::toString);
        }
    }

    @Test
    void shouldLeaveTextThatNeedsEscapingToTheGenerator() {
        for (String text : List.of("quote \"", "back\\slash", "tab\t", "\u0001\u0002", "é", "\u007f", "✓")) {
            assertFalse(JsonHeaderCodec.isPlain(RemotingCommand.request(1).remark(text).build()), text);
            assertFalse(JsonHeaderCodec.isPlain(RemotingCommand.request(1).extField("k", text).build()), text);
            assertFalse(JsonHeaderCodec.isPlain(RemotingCommand.request(1).extField(text, "v").build()), text);
        }
    }

    @Test
    void shouldReadBackWhatThePlainPathWrites() {
        RemotingCommand command = RemotingCommand.response(ResponseCode.SUCCESS).opaque(42).version(513)
                .extField("queueId", "3").extField("transactionId", "AC11000100002A9F0000000000000000")
                .remark("ok").build();
        RemotingCommand read = CommandCodec.decode(CommandCodec.encode(command));
        assertEquals(command, read);
    }
}
