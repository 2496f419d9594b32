package io.capsulemq.rar;

import io.capsulemq.client.remote.AccessCredentials;

/**
 * The remote mode's credentials: {@code accessKey} and {@code secretKey} together sign every request the adapter's
 * clients send to the cluster (RocketMQ's authentication: a user's name and password). One without the other is
 * refused, naming the property missing. The embedded broker checks no credentials, so setting them there is
 * refused too: an operator who sets keys expects them to be checked, and silently ignoring them would leave the
 * embedded broker looking protected when it is not.
 */
final class RemoteCredentials {
    private RemoteCredentials() {
    }

    /** The credentials to sign with, or null when neither property is set. */
    static AccessCredentials of(BrokerMode mode, String accessKey, String secretKey) {
        boolean access = accessKey != null && !accessKey.isBlank();
        boolean secret = secretKey != null && !secretKey.isEmpty();
        if (!access && !secret) {
            return null;
        }
        if (mode == BrokerMode.EMBEDDED) {
            throw new IllegalArgumentException("property " + (access ? "accessKey" : "secretKey") + ": credentials "
                    + "are for mode=remote, to sign requests to a cluster with authentication on; the embedded broker "
                    + "checks none, so leave accessKey and secretKey empty");
        }
        if (!access) {
            throw new IllegalArgumentException("property accessKey: a secretKey is set but no accessKey; set both "
                    + "(the user name and password the remote cluster knows) or neither");
        }
        if (!secret) {
            throw new IllegalArgumentException("property secretKey: accessKey '" + accessKey.trim() + "' is set but "
                    + "no secretKey; set both or neither");
        }
        return new AccessCredentials(accessKey.trim(), secretKey);
    }
}
