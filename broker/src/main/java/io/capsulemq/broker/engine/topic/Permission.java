package io.capsulemq.broker.engine.topic;

/** RocketMQ's permission bits for topics and brokers. */
public final class Permission {
    public static final int INHERIT = 1;
    public static final int WRITE = 1 << 1;
    public static final int READ = 1 << 2;
    public static final int READ_WRITE = READ | WRITE;

    private Permission() {
    }

    public static boolean readable(int perm) {
        return (perm & READ) != 0;
    }

    public static boolean writable(int perm) {
        return (perm & WRITE) != 0;
    }

    public static String describe(int perm) {
        return (readable(perm) ? "R" : "-") + (writable(perm) ? "W" : "-") + ((perm & INHERIT) != 0 ? "X" : "-");
    }
}
