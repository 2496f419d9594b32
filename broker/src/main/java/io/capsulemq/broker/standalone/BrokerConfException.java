package io.capsulemq.broker.standalone;

/** A setting of a broker.conf has a value the broker cannot run with; the message names the key and the value. */
public final class BrokerConfException extends RuntimeException {
    private final String key;
    private final String value;
    private final String reason;

    BrokerConfException(String key, String value, String reason) {
        super("broker.conf: " + key + "=" + value + " " + reason);
        this.key = key;
        this.value = value;
        this.reason = reason;
    }

    /** A failure of the file as a whole (it cannot be read), not of one setting. */
    BrokerConfException(String message, Throwable cause) {
        super(message, cause);
        this.key = null;
        this.value = null;
        this.reason = message;
    }

    /** The key whose value is bad, or null when the file as a whole could not be read. */
    public String key() {
        return key;
    }

    /** The bad value as written, or null when the file as a whole could not be read. */
    public String value() {
        return value;
    }

    /** What is wrong with the value ("is not a whole number", ...), or the whole message for a file failure. */
    public String reason() {
        return reason;
    }
}
