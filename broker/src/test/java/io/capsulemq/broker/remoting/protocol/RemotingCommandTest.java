package io.capsulemq.broker.remoting.protocol;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RemotingCommandTest {
    @Test
    void shouldTellRequestsResponsesAndOnewayRequestsApartByTheFlagBits() {
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).build();
        RemotingCommand oneway = RemotingCommand.request(RequestCode.HEART_BEAT).markOneway().build();
        RemotingCommand response = RemotingCommand.response(ResponseCode.SUCCESS, null);

        assertTrue(request.isRequest());
        assertFalse(request.isOneway());
        assertEquals(0, request.flag());
        assertTrue(oneway.isRequest());
        assertTrue(oneway.isOneway());
        assertEquals(RemotingCommand.FLAG_ONEWAY, oneway.flag());
        assertTrue(response.isResponse());
        assertEquals(RemotingCommand.FLAG_RESPONSE, response.flag());
    }

    @Test
    void shouldDefaultToAJavaJsonRequestWithoutRemarkOrBody() {
        RemotingCommand request = RemotingCommand.request(RequestCode.PULL_MESSAGE).build();
        assertEquals(LanguageCode.JAVA, request.language());
        assertEquals(SerializeType.JSON, request.serializeType());
        assertEquals(0, request.version());
        assertNull(request.remark());
        assertEquals(Map.of(), request.extFields());
        assertEquals(0, request.body().length);
    }

    @Test
    void shouldKeepExtFieldsInTheOrderAddedAndNotLetThemChange() {
        RemotingCommand command = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .extField("b", "2").extField("a", "1").extField("c", "3").extField("a", "one").build();
        assertEquals("[b, a, c]", command.extFields().keySet().toString());
        assertEquals("one", command.extField("a"));
        assertThrows(UnsupportedOperationException.class, () -> command.extFields().put("d", "4"));
    }

    @Test
    void shouldDropAnExtFieldSetToNull() {
        RemotingCommand command = RemotingCommand.request(1).extField("a", "1").extField("a", null).build();
        assertFalse(command.extFields().containsKey("a"));
    }

    @Test
    void shouldCopyEveryPartThroughItsBuilder() {
        RemotingCommand original = RemotingCommand.request(RequestCode.END_TRANSACTION)
                .language(LanguageCode.GO).version(453).opaque(42).markOneway().remark("r")
                .extField("k", "v").body(new byte[] {1, 2}).serializeType(SerializeType.ROCKETMQ).build();
        assertEquals(original, original.toBuilder().build());
        assertNotEquals(original, original.toBuilder().opaque(43).build());
    }
}
