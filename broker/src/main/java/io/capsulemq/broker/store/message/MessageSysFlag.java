package io.capsulemq.broker.store.message;

/** Bits of a record's system flag, with the values Apache RocketMQ gives them. */
public final class MessageSysFlag {
    public static final int COMPRESSED = 0x1;
    public static final int MULTI_TAGS = 0x1 << 1;
    public static final int TRANSACTION_NOT_TYPE = 0;
    public static final int TRANSACTION_PREPARED_TYPE = 0x1 << 2;
    public static final int TRANSACTION_COMMIT_TYPE = 0x2 << 2;
    public static final int TRANSACTION_ROLLBACK_TYPE = 0x3 << 2;
    public static final int BORN_HOST_V6 = 0x1 << 4;
    public static final int STORE_HOST_V6 = 0x1 << 5;

    private static final int TRANSACTION_MASK = 0x3 << 2;

    private MessageSysFlag() {
    }

    public static int transactionType(int sysFlag) {
        return sysFlag & TRANSACTION_MASK;
    }

    /**
     * Whether a record with this flag belongs in its topic's consume queue: every record but a prepared or rolled-back
     * transactional one. As in RocketMQ, those are in the log only and take no queue offset.
     */
    public static boolean isQueued(int sysFlag) {
        int type = transactionType(sysFlag);
        return type == TRANSACTION_NOT_TYPE || type == TRANSACTION_COMMIT_TYPE;
    }

    public static int withTransactionType(int sysFlag, int type) {
        return (sysFlag & ~TRANSACTION_MASK) | type;
    }
}
