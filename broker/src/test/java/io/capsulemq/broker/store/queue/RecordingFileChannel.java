package io.capsulemq.broker.store.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel that delegates to a real one while recording what a segment does before mapping: how many bytes it
 * wrote, whether it forced them, and optionally failing writes past a byte budget the way a full disk does.
 */
final class RecordingFileChannel extends FileChannel {
    private final FileChannel delegate;
    private final long writableBytes;
    long bytesWritten;
    int writeCalls;
    boolean forcedBeforeMap;
    boolean mapped;

    RecordingFileChannel(FileChannel delegate, long writableBytes) {
        this.delegate = delegate;
        this.writableBytes = writableBytes;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (bytesWritten + src.remaining() > writableBytes) {
            throw new IOException("No space left on device");
        }
        int written = delegate.write(src, position);
        bytesWritten += written;
        writeCalls++;
        return written;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        delegate.force(metaData);
        forcedBeforeMap = !mapped;
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        mapped = true;
        return delegate.map(mode, position, size);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        throw new UnsupportedOperationException("segments write at absolute positions only");
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        throw new UnsupportedOperationException("segments write at absolute positions only");
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        delegate.truncate(size);
        return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return delegate.transferFrom(src, position, count);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
