package io.capsulemq.broker.store.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens the commit log's files. The default works on the local file system; tests plug in one that fails on
 * demand to show how the store meets a full disk or a write error.
 */
public interface FileBackend {

    /** Opens {@code path}, creating it at {@code size} bytes if absent. */
    StorageFile open(Path path, long size) throws IOException;

    FileBackend LOCAL = new FileChannelBackend();
}
