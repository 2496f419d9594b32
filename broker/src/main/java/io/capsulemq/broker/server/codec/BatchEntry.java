package io.capsulemq.broker.server.codec;

import java.util.Map;

/** One message of a batch send, as the producer packed it: what the batch's request header does not say. */
public record BatchEntry(int flag, byte[] body, Map<String, String> properties) {
}
