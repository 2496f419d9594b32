package io.capsulemq.broker.store.commitlog;

import java.io.IOException;
import java.nio.ByteBuffer;

import static io.capsulemq.broker.store.commitlog.RecordDescriptor.*;

/**
 * Walks the commit log record by record, checking each (magic, length, CRC, position) before handing it on. The
 * dispatcher uses it to follow the log as it grows; recovery uses the same walk to find where the intact log ends.
 * One walker, so what recovery accepts is exactly what the dispatcher would have.
 */
public final class CommitLogScanner {
    private final CommitLog log;
    private final ByteBuffer chunk;
    private long chunkStart = -1;
    private int chunkLength;
    private String stopReason = "";

    /** @param largestRecord the largest record that can have been written; the read buffer holds at least one */
    public CommitLogScanner(CommitLog log, int largestRecord) {
        this.log = log;
        this.chunk = ByteBuffer.allocateDirect(Math.max(4 << 20, largestRecord + BLANK_LENGTH));
    }

    /** Receives each checked record; {@code buf} holds it from {@code start} for {@code length} bytes. */
    @FunctionalInterface
    public interface Visitor {
        void visit(ByteBuffer buf, int start, long physicalOffset, int length) throws IOException;
    }

    /**
     * Visits the checked records from {@code from} until {@code limit}, the end of the log, or the first record
     * that fails its checks. Returns the offset after the last record visited (and any blank filler after it).
     */
    public long scan(long from, long limit, Visitor visitor) throws IOException {
        long position = from;
        stopReason = "reached the limit";
        chunkStart = -1;
        while (position < limit) {
            if (!log.hasSegment(position)) {
                stopReason = "no segment holds offset " + position;
                break;
            }
            long segmentEnd = log.segmentBase(position) + log.segmentSize();
            if (!fill(position, BLANK_LENGTH, limit)) {
                stopReason = "end of data at " + position;
                break;
            }
            int at = (int) (position - chunkStart);
            int length = chunk.getInt(at + TOTAL_SIZE_OFFSET);
            int magic = chunk.getInt(at + MAGIC_OFFSET);
            if (magic == BLANK_MAGIC && length == segmentEnd - position) {
                position = segmentEnd;
                continue;
            }
            if (magic != MESSAGE_MAGIC) {
                stopReason = length == 0 && magic == 0 ? "zeros at " + position
                        : "no record at " + position + " (magic 0x" + Integer.toHexString(magic) + ")";
                break;
            }
            if (length < FIXED_PART_LENGTH || position + length + BLANK_LENGTH > segmentEnd) {
                stopReason = "record at " + position + " has impossible length " + length;
                break;
            }
            if (!fill(position, length, limit)) {
                stopReason = "record at " + position + " is cut short";
                break;
            }
            at = (int) (position - chunkStart);
            try {
                RecordCodec.checkFrame(chunk, at, position);
            } catch (CorruptRecordException e) {
                stopReason = e.getMessage();
                break;
            }
            visitor.visit(chunk, at, position, length);
            position += length;
        }
        return position;
    }

    /** Why the last scan stopped. */
    public String stopReason() {
        return stopReason;
    }

    /** Makes {@code need} bytes from {@code position} available in the chunk; false if the log has fewer. */
    private boolean fill(long position, int need, long limit) throws IOException {
        if (chunkStart >= 0 && position >= chunkStart && position + need <= chunkStart + chunkLength) {
            return true;
        }
        chunk.clear();
        log.read(chunk, position, limit);
        chunkStart = position;
        chunkLength = chunk.position();
        chunk.limit(chunkLength);
        return chunkLength >= need;
    }
}
