package io.capsulemq.broker.store.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Offset message ids as Apache RocketMQ encodes them: the store host's address (4 or 16 bytes), its port (4 bytes)
 * and the record's commit log offset (8 bytes), big-endian, as upper-case hex.
 */
public final class MessageIds {
    private static final byte[] UPPER_HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final int IPV4_ID_BYTES = 4 + 4 + 8;
    private static final int IPV6_ID_BYTES = 16 + 4 + 8;

    private MessageIds() {
    }

    /** Every put makes one per record, so the hex is written straight into the string's bytes. */
    public static String offsetMessageId(byte[] storeAddress, int storePort, long commitLogOffset) {
        byte[] hex = new byte[(storeAddress.length + 12) * 2];
        int at = 0;
        for (byte b : storeAddress) {
            at = putHex(hex, at, b & 0xff, 2);
        }
        at = putHex(hex, at, storePort, 8);
        putHex(hex, at, (int) (commitLogOffset >>> 32), 8);
        putHex(hex, at + 8, (int) commitLogOffset, 8);
        return new String(hex, StandardCharsets.ISO_8859_1);
    }

    /** Writes the low {@code digits} hex digits of {@code value}, most significant first; returns the next index. */
    private static int putHex(byte[] out, int at, int value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = UPPER_HEX[value & 0xf];
            value >>>= 4;
        }
        return at + digits;
    }

    /** Decodes an offset message id; a malformed id is refused naming what is wrong with it. */
    public static Decoded decodeOffsetMessageId(String id) {
        if (id == null) {
            throw new IllegalArgumentException("offset message id is null");
        }
        if (id.length() != IPV4_ID_BYTES * 2 && id.length() != IPV6_ID_BYTES * 2) {
            throw new IllegalArgumentException("offset message id '" + id + "' has " + id.length()
                    + " characters; expected " + IPV4_ID_BYTES * 2 + " (IPv4) or " + IPV6_ID_BYTES * 2 + " (IPv6)");
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(id.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("offset message id '" + id + "' is not hexadecimal", e);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        byte[] address = new byte[bytes.length - 12];
        buf.get(address);
        int port = buf.getInt();
        long offset = buf.getLong();
        try {
            return new Decoded(new InetSocketAddress(InetAddress.getByAddress(address), port), offset);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("offset message id '" + id + "' has a bad address", e);
        }
    }

    /** What an offset message id names: the broker that stored it and where. */
    public record Decoded(InetSocketAddress storeHost, long commitLogOffset) {
    }
}
