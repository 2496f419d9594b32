package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestSignerTest {
    private static final AccessCredentials USER = new AccessCredentials("capsule-user", "s3cr3t-key");

    /** A SEND_MESSAGE-like request: fields added in no particular order, and a body. */
    private static RemotingCommand sendRequest() {
        return RemotingCommand.request(10).extField("topic", "orders").extField("queueId", "3")
                .extField("producerGroup", "checkout").extField("bornTimestamp", "1700000000000")
                .body("hello, signed world".getBytes(StandardCharsets.UTF_8)).build();
    }

    /**
     * The same request's Signature as Apache RocketMQ 5.5.0's own signer wrote it: {@code AclClientRPCHook} with
     * {@code SessionCredentials("capsule-user", "s3cr3t-key")} applied to a request with these fields and body,
     * run once against the rocketmq-client 5.5.0 jar.
     */
    @Test
    void shouldSignAsRocketMqsOwnSignerDoes() {
        RemotingCommand signed = RequestSigner.of(USER).sign(sendRequest());
        assertEquals("capsule-user", signed.extField("AccessKey"));
        assertNull(signed.extField("SecurityToken"));
        assertEquals("Nwfp0Ul8IGaKUOk8QvGvMZ3MXgs=", signed.extField("Signature"));
    }

    /** With a security token, RocketMQ's signer (same run) signs it with the other fields. */
    @Test
    void shouldSignTheSecurityTokenWithTheFieldsAsRocketMqDoes() {
        RemotingCommand request = RemotingCommand.request(34).extField("clientID", "c1").build();
        RemotingCommand signed = RequestSigner.of(new AccessCredentials("capsule-user", "s3cr3t-key", "token-42"))
                .sign(request);
        assertEquals("token-42", signed.extField("SecurityToken"));
        assertEquals("6hgF8i4dAnaWaaHyomGQ7aKoprc=", signed.extField("Signature"));
    }

    /** The rule computed here independently: HmacSHA1 over the values sorted by field name, then the body. */
    @Test
    void shouldSignTheValuesInFieldNameOrderFollowedByTheBody() throws Exception {
        RemotingCommand signed = RequestSigner.of(USER).sign(sendRequest());
        // AccessKey, bornTimestamp, producerGroup, queueId, topic: upper case sorts first.
        String values = "capsule-user" + "1700000000000" + "checkout" + "3" + "orders";
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec("s3cr3t-key".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        mac.update(values.getBytes(StandardCharsets.UTF_8));
        mac.update("hello, signed world".getBytes(StandardCharsets.UTF_8));
        assertEquals(Base64.getEncoder().encodeToString(mac.doFinal()), signed.extField("Signature"));
    }

    @Test
    void shouldKeepTheRequestOtherwiseAsItWas() {
        RemotingCommand request = sendRequest();
        RemotingCommand signed = RequestSigner.of(USER).sign(request);
        assertEquals(request.code(), signed.code());
        assertEquals(request.version(), signed.version());
        assertTrue(signed.extFields().entrySet().containsAll(request.extFields().entrySet()));
        assertEquals(request.extFields().size() + 2, signed.extFields().size());
        assertSame(request.body(), signed.body());
        assertFalse(request.extFields().containsKey("Signature"), "the original is not changed");
    }

    @Test
    void shouldSignTheSameRequestTheSameWayTwice() {
        RequestSigner signer = RequestSigner.of(USER);
        RemotingCommand once = signer.sign(sendRequest());
        assertEquals(once.extFields(), signer.sign(once).extFields(), "an earlier signature is not signed over");
    }

    @Test
    void shouldChangeTheSignatureWithTheBodyOrTheSecretKey() {
        String signature = RequestSigner.of(USER).sign(sendRequest()).extField("Signature");
        RemotingCommand otherBody = sendRequest().toBuilder().body("hello, signed world!".getBytes(
                StandardCharsets.UTF_8)).build();
        assertNotEquals(signature, RequestSigner.of(USER).sign(otherBody).extField("Signature"));
        assertNotEquals(signature, RequestSigner.of(new AccessCredentials("capsule-user", "other"))
                .sign(sendRequest()).extField("Signature"));
    }

    @Test
    void shouldLeaveRequestsUnsignedWithoutCredentials() {
        RemotingCommand request = sendRequest();
        assertSame(request, RequestSigner.of(null).sign(request));
    }

    @Test
    void shouldRefuseCredentialsMissingAKeyNamingWhich() {
        IllegalArgumentException access = assertThrows(IllegalArgumentException.class,
                () -> new AccessCredentials(" ", "secret"));
        assertTrue(access.getMessage().contains("access key"), access.getMessage());
        IllegalArgumentException secret = assertThrows(IllegalArgumentException.class,
                () -> new AccessCredentials("user", ""));
        assertTrue(secret.getMessage().contains("secret key"), secret.getMessage());
    }

    @Test
    void shouldNeverShowTheSecretKey() {
        String shown = new AccessCredentials("capsule-user", "s3cr3t-key", "token-42").toString();
        assertTrue(shown.contains("capsule-user"), shown);
        assertFalse(shown.contains("s3cr3t-key") || shown.contains("token-42"), shown);
    }
}
