package io.capsulemq.broker.namesrv.wire;

/**
 * RocketMQ's DataVersion: which version of its topic configuration a broker registered. Two versions are the same
 * only when all three numbers are.
 *
 * @param stateVersion RocketMQ's controller-mode state version; 0 outside controller mode
 * @param timestamp    when the version was made, epoch milliseconds
 * @param counter      a sequence number the broker advances
 */
public record DataVersion(long stateVersion, long timestamp, long counter) {
    /** The version a NameServer assumes when a registration carries none. */
    public static final DataVersion NONE = new DataVersion(0, 0, 0);
}
