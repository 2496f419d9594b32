package io.capsulemq.client.remote;

import java.util.Objects;
import java.util.Optional;

/**
 * What a client signs its requests with for a cluster that checks them (RocketMQ's ACL: a user's name as access
 * key, its password as secret key, and optionally a security token of temporary credentials). Two gateways with
 * equal credentials are interchangeable; the secret key never appears in {@link #toString}.
 *
 * @param securityToken null when there is none
 */
public record AccessCredentials(String accessKey, String secretKey, String securityToken) {

    public AccessCredentials {
        if (accessKey == null || accessKey.isBlank()) {
            throw new IllegalArgumentException("credentials: the access key is empty; a secret key alone cannot "
                    + "sign requests");
        }
        if (secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("credentials: the secret key of access key '" + accessKey
                    + "' is empty");
        }
        if (securityToken != null && securityToken.isEmpty()) {
            securityToken = null;
        }
    }

    public AccessCredentials(String accessKey, String secretKey) {
        this(accessKey, secretKey, null);
    }

    public Optional<String> token() {
        return Optional.ofNullable(securityToken);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AccessCredentials c && accessKey.equals(c.accessKey) && secretKey.equals(c.secretKey)
                && Objects.equals(securityToken, c.securityToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accessKey, secretKey, securityToken);
    }

    @Override
    public String toString() {
        return "AccessCredentials{accessKey=" + accessKey + (securityToken == null ? "" : ", with security token")
                + "}";
    }
}
