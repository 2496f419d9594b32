package io.capsulemq.broker.engine.pop;

import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.broker.engine.BrokerException.Reason;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns deliveries into opaque receipt handles and back. A handle is the delivery's fields followed by a truncated
 * HMAC-SHA256 over them, the group and the topic, under a key the broker keeps in its state folder; so a handle
 * cannot be made up, altered, or used by another group or on another topic. The key outlives restarts, so handles
 * handed out before a restart stay good after it.
 */
final class ReceiptHandles {
    private static final byte VERSION = 1;
    private static final int PAYLOAD_LENGTH = 1 + 4 + 8 * 5;
    private static final int MAC_LENGTH = 16;
    private static final int KEY_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    private ReceiptHandles(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** Handles signed with the key in {@code keyFile}, which is created with a random key when missing. */
    static ReceiptHandles openOrCreate(Path keyFile) {
        try {
            if (Files.exists(keyFile)) {
                byte[] key = Files.readAllBytes(keyFile);
                if (key.length == KEY_LENGTH) {
                    return new ReceiptHandles(key);
                }
                System.getLogger(ReceiptHandles.class.getName()).log(System.Logger.Level.WARNING,
                        "receipt handle key {0} has {1} bytes instead of {2}; making a new one (handles issued "
                                + "before are refused)", keyFile, key.length, KEY_LENGTH);
            }
            byte[] key = new byte[KEY_LENGTH];
            new SecureRandom().nextBytes(key);
            writeDurably(keyFile, key);
            return new ReceiptHandles(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the receipt handle key " + keyFile, e);
        }
    }

    String encode(String group, String topic, ReceiptHandle handle) {
        ByteBuffer buf = ByteBuffer.allocate(PAYLOAD_LENGTH + MAC_LENGTH);
        buf.put(VERSION).putInt(handle.queueId()).putLong(handle.queueOffset()).putLong(handle.commitLogOffset())
                .putLong(handle.popTimeMillis()).putLong(handle.invisibleMillis()).putLong(handle.revision());
        buf.put(mac(group, topic, buf.array(), PAYLOAD_LENGTH));
        return ENCODER.encodeToString(buf.array());
    }

    /**
     * The delivery a handle names, once its signature proves it was issued to this group for this topic; refused
     * with {@link Reason#NOT_FOUND} otherwise.
     */
    ReceiptHandle decode(String group, String topic, String text) {
        if (text == null || text.isEmpty()) {
            throw new BrokerException(Reason.NOT_FOUND, "the receipt handle is empty");
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            throw new BrokerException(Reason.NOT_FOUND, "malformed receipt handle '" + text + "'");
        }
        if (bytes.length != PAYLOAD_LENGTH + MAC_LENGTH || bytes[0] != VERSION) {
            throw new BrokerException(Reason.NOT_FOUND, "malformed receipt handle '" + text + "'");
        }
        byte[] expected = mac(group, topic, bytes, PAYLOAD_LENGTH);
        byte[] actual = java.util.Arrays.copyOfRange(bytes, PAYLOAD_LENGTH, bytes.length);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new BrokerException(Reason.NOT_FOUND, "receipt handle was not issued to group " + group
                    + " for topic " + topic + " by this broker");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, 1, PAYLOAD_LENGTH - 1);
        return new ReceiptHandle(buf.getInt(), buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong(),
                buf.getLong());
    }

    private byte[] mac(String group, String topic, byte[] payload, int length) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] g = group.getBytes(StandardCharsets.UTF_8);
            byte[] t = topic.getBytes(StandardCharsets.UTF_8);
            // Lengths first, so that no two (group, topic) pairs feed the same bytes.
            mac.update(ByteBuffer.allocate(8).putInt(g.length).putInt(t.length).array());
            mac.update(g);
            mac.update(t);
            mac.update(payload, 0, length);
            return java.util.Arrays.copyOf(mac.doFinal(), MAC_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static void writeDurably(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(true);
        }
        try {
            Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the folder's own permissions protect the key.
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
