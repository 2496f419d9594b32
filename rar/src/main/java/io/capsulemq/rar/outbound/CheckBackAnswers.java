package io.capsulemq.rar.outbound;

import org.apache.rocketmq.client.apis.producer.TransactionResolution;

import java.util.Set;

/**
 * How the adapter answers a remote broker asking how the transaction of one of its halves ended (a check-back),
 * from what it knows of the half's unique id: a branch logged COMMITTING that nobody is ending now (an earlier
 * run's, or one whose commit failed), COMMIT; a branch prepared and awaiting the transaction manager, one being
 * ended now, or a half of a transaction still running in this server, UNKNOWN (the broker asks again later);
 * anything else (a branch ended, or never prepared before a crash), ROLLBACK, as the transaction manager presumes
 * for a branch it never heard prepared. A half ended already is only asked about as an older copy of it the broker
 * put back while checking: ROLLBACK discards that copy, never the message.
 */
final class CheckBackAnswers {
    private final BranchLog log;
    private final Set<String> running;
    private final Set<String> ending;

    /**
     * @param running the unique ids of halves sent in this run whose branch has not ended yet
     * @param ending  the marks of the branches being ended now
     */
    CheckBackAnswers(BranchLog log, Set<String> running, Set<String> ending) {
        this.log = log;
        this.running = running;
        this.ending = ending;
    }

    TransactionResolution answer(String messageId) {
        BranchRecord record = log.byMessageId(messageId).orElse(null);
        if (record != null) {
            return record.state() == BranchRecord.State.COMMITTING && !ending.contains(record.mark())
                    ? TransactionResolution.COMMIT : TransactionResolution.UNKNOWN;
        }
        return messageId != null && running.contains(messageId) ? TransactionResolution.UNKNOWN
                : TransactionResolution.ROLLBACK;
    }
}
