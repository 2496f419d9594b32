package io.capsulemq.rar;

/**
 * The remote mode's credentials. The Capsule client's remoting gateway does not sign requests (RocketMQ's ACL
 * signature, AccessKey/Signature fields), so keys set here could not be passed on: they are refused rather than
 * ignored, which would leave an operator believing the adapter authenticates.
 */
final class RemoteCredentials {
    private RemoteCredentials() {
    }

    /** Refuses, naming the property, credentials the client cannot use; the embedded mode has none to check. */
    static void check(BrokerMode mode, String accessKey, String secretKey) {
        boolean access = accessKey != null && !accessKey.isBlank();
        boolean secret = secretKey != null && !secretKey.isBlank();
        if (!access && !secret) {
            return;
        }
        String property = access ? "accessKey" : "secretKey";
        if (mode == BrokerMode.EMBEDDED) {
            throw new IllegalArgumentException("property " + property + ": credentials are for mode=remote; the "
                    + "embedded broker takes none");
        }
        throw new IllegalArgumentException("property " + property + ": the Capsule MQ client does not sign its "
                + "requests to a remote broker (RocketMQ ACL) yet, so credentials cannot be passed on; leave "
                + "accessKey and secretKey empty and let the broker's ACL admit this server without them");
    }
}
