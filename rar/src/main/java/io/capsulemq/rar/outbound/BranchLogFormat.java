package io.capsulemq.rar.outbound;

import io.capsulemq.client.remote.SentHalf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The layout of one branch's record in the remote mode's branch log (one file per branch), big-endian:
 * <pre>
 *   int     magic 0x43584231 ("CXB1")
 *   byte    state: 1 PREPARED, 2 COMMITTING
 *   UTF     the branch mark (the Xid's text)
 *   int     number of halves, then for each, in send order:
 *           UTF brokerAddress, UTF producerGroup, UTF topic, long commitLogOffset, long halfQueueOffset,
 *           UTF messageId, UTF transactionId
 *   long    CRC32 of every byte before it
 * </pre>
 * UTF is {@link DataOutputStream#writeUTF}: a 2-byte length, then modified UTF-8.
 */
final class BranchLogFormat {
    static final int MAGIC = 0x43584231;
    static final byte PREPARED = 1;
    static final byte COMMITTING = 2;
    private static final int MAX_HALVES = 1_000_000;

    private BranchLogFormat() {
    }

    static byte[] encode(BranchRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(record.state() == BranchRecord.State.PREPARED ? PREPARED : COMMITTING);
            out.writeUTF(record.mark());
            out.writeInt(record.halves().size());
            for (SentHalf h : record.halves()) {
                out.writeUTF(h.brokerAddress());
                out.writeUTF(h.producerGroup());
                out.writeUTF(h.topic());
                out.writeLong(h.commitLogOffset());
                out.writeLong(h.halfQueueOffset());
                out.writeUTF(h.messageId());
                out.writeUTF(h.transactionId());
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The record, or an IllegalArgumentException saying what is wrong with the bytes (torn, corrupt, foreign). */
    static BranchRecord decode(byte[] bytes) {
        if (bytes.length < Integer.BYTES + 1 + Long.BYTES) {
            throw new IllegalArgumentException("only " + bytes.length + " bytes: torn");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - Long.BYTES);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IllegalArgumentException("not a branch record (magic " + Integer.toHexString(magic) + ")");
            }
            long stored = new DataInputStream(new ByteArrayInputStream(bytes, bytes.length - Long.BYTES,
                    Long.BYTES)).readLong();
            if (stored != crc.getValue()) {
                throw new IllegalArgumentException("checksum mismatch: torn or corrupt");
            }
            byte state = in.readByte();
            if (state != PREPARED && state != COMMITTING) {
                throw new IllegalArgumentException("unknown state " + state);
            }
            String mark = in.readUTF();
            int count = in.readInt();
            if (count < 0 || count > MAX_HALVES) {
                throw new IllegalArgumentException("implausible number of halves " + count);
            }
            List<SentHalf> halves = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                halves.add(new SentHalf(in.readUTF(), in.readUTF(), in.readUTF(), in.readLong(), in.readLong(),
                        in.readUTF(), in.readUTF()));
            }
            if (in.available() != Long.BYTES) {
                throw new IllegalArgumentException((in.available() - Long.BYTES) + " stray bytes before the checksum");
            }
            return new BranchRecord(mark, state == PREPARED ? BranchRecord.State.PREPARED
                    : BranchRecord.State.COMMITTING, halves);
        } catch (IOException e) {
            throw new IllegalArgumentException("cut short: torn (" + e + ")", e);
        }
    }
}
