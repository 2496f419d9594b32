package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs requests as RocketMQ's remoting clients do for a cluster with authentication on (ACL 1.0's
 * {@code AclClientRPCHook}, checked by ACL 2.0's {@code DefaultAuthenticationContextBuilder} and
 * {@code DefaultAuthenticationHandler} alike): the header gets {@code AccessKey} (and {@code SecurityToken} when
 * there is one), then {@code Signature}: Base64 of HmacSHA1, keyed with the secret key (UTF-8), over the values of
 * every other header field in the order of their names, as UTF-8, followed by the body's bytes.
 */
final class RequestSigner {
    /** The header fields RocketMQ's authentication reads. */
    static final String ACCESS_KEY = "AccessKey";
    static final String SECURITY_TOKEN = "SecurityToken";
    static final String SIGNATURE = "Signature";

    private static final String ALGORITHM = "HmacSHA1";

    /** Leaves requests as they are: no credentials given. */
    static final RequestSigner NONE = new RequestSigner(null);

    private final AccessCredentials credentials;

    private RequestSigner(AccessCredentials credentials) {
        this.credentials = credentials;
    }

    static RequestSigner of(AccessCredentials credentials) {
        return credentials == null ? NONE : new RequestSigner(credentials);
    }

    /** The request with the credentials' fields and its signature; the same request when there are none. */
    RemotingCommand sign(RemotingCommand request) {
        if (credentials == null) {
            return request;
        }
        RemotingCommand.Builder builder = request.toBuilder()
                .extField(ACCESS_KEY, credentials.accessKey())
                .extField(SECURITY_TOKEN, credentials.securityToken());
        RemotingCommand withKeys = builder.build();
        return builder.extField(SIGNATURE, signature(withKeys.extFields(), withKeys.body(), credentials.secretKey()))
                .build();
    }

    /**
     * The signature of a request with these header fields (a {@code Signature} among them is left out) and body,
     * under {@code secretKey}.
     */
    static String signature(Map<String, String> fields, byte[] body, String secretKey) {
        StringBuilder values = new StringBuilder();
        new TreeMap<>(fields).forEach((name, value) -> {
            if (!SIGNATURE.equals(name)) {
                values.append(value);
            }
        });
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update(values.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                mac.update(body);
            }
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            // HmacSHA1 is one of the algorithms every Java platform has.
            throw new IllegalStateException("cannot compute an " + ALGORITHM + " signature", e);
        }
    }
}
