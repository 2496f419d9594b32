package io.capsulemq.broker.engine.pop;

import io.capsulemq.broker.engine.pop.JournalRecord.Changed;
import io.capsulemq.broker.engine.pop.JournalRecord.Delivery;
import io.capsulemq.broker.engine.pop.JournalRecord.Done;
import io.capsulemq.broker.engine.pop.JournalRecord.Outcome;
import io.capsulemq.broker.engine.pop.JournalRecord.Popped;
import io.capsulemq.broker.engine.pop.JournalRecord.Reset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal's record layout, one record per message body: a format byte, a type byte, the sequence number, the
 * group, topic and queue id, then the type's fields, big-endian as {@link DataOutputStream} writes them.
 */
final class JournalCodec {
    private static final byte FORMAT = 1;
    private static final byte POPPED = 1;
    private static final byte DONE = 2;
    private static final byte CHANGED = 3;
    private static final byte RESET = 4;

    private JournalCodec() {
    }

    static byte[] encode(JournalRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeByte(typeOf(record));
            out.writeLong(record.seq());
            out.writeUTF(record.queue().group());
            out.writeUTF(record.queue().topic());
            out.writeInt(record.queue().queueId());
            if (record instanceof Popped p) {
                out.writeLong(p.popTimeMillis());
                out.writeLong(p.invisibleMillis());
                out.writeBoolean(p.fifo());
                out.writeLong(p.cursorAfter());
                out.writeInt(p.deliveries().size());
                for (Delivery d : p.deliveries()) {
                    out.writeLong(d.queueOffset());
                    out.writeLong(d.commitLogOffset());
                    out.writeInt(d.attempt());
                }
                out.writeInt(p.dropped().size());
                for (long offset : p.dropped()) {
                    out.writeLong(offset);
                }
            } else if (record instanceof Done d) {
                out.writeLong(d.queueOffset());
                out.writeByte(d.outcome().ordinal());
            } else if (record instanceof Changed c) {
                out.writeLong(c.queueOffset());
                out.writeLong(c.popTimeMillis());
                out.writeLong(c.invisibleMillis());
            } else if (record instanceof Reset r) {
                out.writeLong(r.offset());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The record in {@code body}; IllegalArgumentException when it is not one this codec wrote. */
    static JournalRecord decode(byte[] body) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown pop journal format " + format);
            }
            byte type = in.readByte();
            long seq = in.readLong();
            QueueKey queue = new QueueKey(in.readUTF(), in.readUTF(), in.readInt());
            return switch (type) {
                case POPPED -> {
                    long popTime = in.readLong();
                    long invisible = in.readLong();
                    boolean fifo = in.readBoolean();
                    long cursorAfter = in.readLong();
                    int n = in.readInt();
                    List<Delivery> deliveries = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        deliveries.add(new Delivery(in.readLong(), in.readLong(), in.readInt()));
                    }
                    int m = in.readInt();
                    List<Long> dropped = new ArrayList<>(m);
                    for (int i = 0; i < m; i++) {
                        dropped.add(in.readLong());
                    }
                    yield new Popped(seq, queue, popTime, invisible, fifo, cursorAfter, deliveries, dropped);
                }
                case DONE -> new Done(seq, queue, in.readLong(), Outcome.values()[in.readByte()]);
                case CHANGED -> new Changed(seq, queue, in.readLong(), in.readLong(), in.readLong());
                case RESET -> new Reset(seq, queue, in.readLong());
                default -> throw new IllegalArgumentException("unknown pop journal record type " + type);
            };
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated pop journal record", e);
        }
    }

    private static byte typeOf(JournalRecord record) {
        if (record instanceof Popped) {
            return POPPED;
        }
        if (record instanceof Done) {
            return DONE;
        }
        if (record instanceof Changed) {
            return CHANGED;
        }
        return RESET;
    }
}
