package io.capsulemq.broker.store;

/**
 * What opening the store found.
 *
 * @param previousShutdownClean whether the last process closed the store cleanly
 * @param replayedFrom          the checkpoint's dispatched offset, where the replay began
 * @param logEnd                where the intact log ends (what follows was zeroed)
 * @param stopReason            why the replay stopped there
 * @param millis                how long the replay took
 */
public record RecoveryReport(boolean previousShutdownClean, long replayedFrom, long logEnd, String stopReason,
                             long millis) {

    /** Bytes of log replayed: the tail after the last checkpoint, not the size of the store. */
    public long replayedBytes() {
        return logEnd - replayedFrom;
    }
}
