package io.capsulemq.broker.store.message;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes message unique ids (the {@code UNIQ_KEY} property) in Apache RocketMQ's client layout: host address
 * (4 or 16 bytes), process id (2 bytes), class loader hash (4 bytes), milliseconds since the start of the current
 * month (4 bytes) and a counter (2 bytes), as upper-case hex.
 */
public final class UniqueIdGenerator {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final String fixedPrefix;
    private final AtomicInteger counter = new AtomicInteger();
    private volatile long monthStart;
    private volatile long nextMonthStart;

    public UniqueIdGenerator() {
        this(localAddress(), (short) ProcessHandle.current().pid(), UniqueIdGenerator.class.getClassLoader().hashCode());
    }

    UniqueIdGenerator(byte[] address, short pid, int classLoaderHash) {
        ByteBuffer fixed = ByteBuffer.allocate(address.length + 2 + 4);
        fixed.put(address).putShort(pid).putInt(classLoaderHash);
        this.fixedPrefix = HEX.formatHex(fixed.array());
        rollMonth(System.currentTimeMillis());
    }

    public String next() {
        long now = System.currentTimeMillis();
        if (now >= nextMonthStart) {
            rollMonth(now);
        }
        ByteBuffer tail = ByteBuffer.allocate(6);
        tail.putInt((int) (now - monthStart)).putShort((short) counter.getAndIncrement());
        return fixedPrefix + HEX.formatHex(tail.array());
    }

    private synchronized void rollMonth(long now) {
        ZonedDateTime start = ZonedDateTime.now(ZoneId.systemDefault())
                .withDayOfMonth(1).withHour(0).withMinute(0).withSecond(0).withNano(0);
        monthStart = start.toInstant().toEpochMilli();
        nextMonthStart = start.plusMonths(1).toInstant().toEpochMilli();
        if (now < monthStart) {
            nextMonthStart = monthStart;
        }
    }

    private static byte[] localAddress() {
        try {
            return InetAddress.getLocalHost().getAddress();
        } catch (UnknownHostException e) {
            return new byte[] {127, 0, 0, 1};
        }
    }
}
