package io.capsulemq.broker.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Commit log files through {@link FileChannel}. Files are created at their full size up front, so a segment's
 * length never changes; reads and writes go through the page cache, never through a mapping, so a full disk shows
 * as an IOException rather than a SIGBUS.
 */
final class FileChannelBackend implements FileBackend {

    @Override
    public StorageFile open(Path path, long size) throws IOException {
        boolean created = !Files.exists(path);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            if (created || channel.size() < size) {
                // Extends the file to its fixed size; blocks are allocated as records are written.
                channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
            }
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
        return new ChannelFile(path, channel);
    }

    private record ChannelFile(Path path, FileChannel channel) implements StorageFile {
        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            long at = position;
            while (src.hasRemaining()) {
                at += channel.write(src, at);
            }
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            int total = 0;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, position + total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            return total;
        }

        @Override
        public void force() throws IOException {
            channel.force(false);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
