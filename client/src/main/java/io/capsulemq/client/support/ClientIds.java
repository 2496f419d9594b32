package io.capsulemq.client.support;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;

/** Client ids unique within the group's view: host, process, a per-process counter and a start stamp. */
public final class ClientIds {
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final String HOST = hostName();
    private static final String STAMP = Long.toString(System.currentTimeMillis(), 36);

    private ClientIds() {
    }

    public static String next() {
        return HOST + "@" + ProcessHandle.current().pid() + "@" + COUNTER.incrementAndGet() + "@" + STAMP;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
