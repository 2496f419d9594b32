package io.capsulemq.broker.store.retention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** How full the store's disk is. Tests plug in their own to play a full disk. */
public interface DiskSpace {

    /** The share of the disk in use, 0 to 1. */
    double usedRatio();

    long usableBytes();

    /** The file system holding {@code dir}. */
    static DiskSpace of(Path dir) {
        FileStore store;
        try {
            store = Files.getFileStore(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find the file system of " + dir, e);
        }
        return new DiskSpace() {
            @Override
            public double usedRatio() {
                try {
                    long total = store.getTotalSpace();
                    return total == 0 ? 0 : 1.0 - (double) store.getUsableSpace() / total;
                } catch (IOException e) {
                    return 1.0;
                }
            }

            @Override
            public long usableBytes() {
                try {
                    return store.getUsableSpace();
                } catch (IOException e) {
                    return 0;
                }
            }
        };
    }
}
