package io.capsulemq.client.message;

import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Message ids in the RocketMQ 5 layout (version 01): version, this host's MAC address (6 bytes), process id
 * (2 bytes), seconds since 2021-01-01T00:00:00Z (4 bytes) and a sequence (4 bytes), as upper-case hex. The producer
 * makes the id before sending, so every attempt of a send carries the same one.
 */
public final class MessageIdGenerator {
    public static final String VERSION = "01";
    private static final long EPOCH_SECONDS = Instant.parse("2021-01-01T00:00:00Z").getEpochSecond();
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final MessageIdGenerator INSTANCE = new MessageIdGenerator();

    private final String prefix;
    private final AtomicInteger sequence = new AtomicInteger();

    private MessageIdGenerator() {
        ByteBuffer fixed = ByteBuffer.allocate(8);
        fixed.put(hardwareAddress()).putShort((short) ProcessHandle.current().pid());
        this.prefix = VERSION + HEX.formatHex(fixed.array());
    }

    public static MessageIdGenerator instance() {
        return INSTANCE;
    }

    public String next() {
        ByteBuffer tail = ByteBuffer.allocate(8);
        tail.putInt((int) (System.currentTimeMillis() / 1000 - EPOCH_SECONDS)).putInt(sequence.getAndIncrement());
        return prefix + HEX.formatHex(tail.array());
    }

    private static byte[] hardwareAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                byte[] mac = nic.getHardwareAddress();
                if (mac != null && mac.length == 6 && !nic.isLoopback()) {
                    return mac;
                }
            }
        } catch (Exception e) {
            // No readable interface: a random address keeps ids unique enough.
        }
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        return random;
    }
}
