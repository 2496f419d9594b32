package io.capsulemq.broker.store.index;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;

/**
 * Index of messages by key and by unique id over a directory of {@link IndexFile}s.
 *
 * <p>Index keys are {@code topic + "#" + key}. Files are named by a 20-digit zero-padded sequence number
 * ({@code 00000000000000000000}, {@code 00000000000000000001}, ...) rather than by creation time, so two files
 * created in the same millisecond or across a clock step cannot collide and name order is creation order.
 *
 * <p>Threads: one writer (the store's dispatcher) calls {@link #index}; a cleaner may call {@link #deleteFilesBelow}
 * and a flusher {@link #flush}; all mutations are serialised by a lock. {@link #query} takes no lock: it reads an
 * immutable snapshot of the file list and relies on {@link IndexFile}'s publication order. A file removed from the
 * list is deleted from disk but stays mapped until no reader references it, so a running query is unaffected.
 * {@link #truncateFrom} is meant for recovery before queries are served; queries running during it stay safe.
 */
public final class IndexService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IndexService.class.getName());
    private static final String TOPIC_KEY_SEPARATOR = "#";
    private static final Pattern FILE_NAME = Pattern.compile("\\d{20}");
    private static final String FILE_NAME_FORMAT = "%020d";
    private static final long NOTHING_INDEXED = -1L;

    private enum State { NEW, LOADED, CLOSED }

    private final Path indexDir;
    private final int hashSlots;
    private final int entriesPerFile;
    private final ReentrantLock mutationLock = new ReentrantLock();

    /** Oldest first; replaced, never modified, so readers can iterate a snapshot without a lock. */
    private volatile List<IndexFile> files = List.of();
    private volatile long lastIndexedOffset = NOTHING_INDEXED;
    private volatile State state = State.NEW;
    private long nextSequence;

    /**
     * @param entriesPerFile entries per new file, the reserved entry 0 included, so {@code entriesPerFile - 1}
     *                       index entries fit in one file
     */
    public IndexService(Path indexDir, int hashSlots, int entriesPerFile) {
        this.indexDir = Objects.requireNonNull(indexDir, "indexDir");
        IndexFileDescriptor.validateGeometry(hashSlots, entriesPerFile);
        this.hashSlots = hashSlots;
        this.entriesPerFile = entriesPerFile;
    }

    /**
     * Opens the existing index files (creating the directory if needed) and restores the re-dispatch watermark from
     * the newest file. Leftovers of an interrupted file creation are removed. Must be called once, before use.
     */
    public void load() throws IOException {
        mutationLock.lock();
        try {
            if (state != State.NEW) {
                throw new IllegalStateException("index service already " + state.name().toLowerCase());
            }
            Files.createDirectories(indexDir);
            List<Path> names = new ArrayList<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(indexDir)) {
                for (Path path : dir) {
                    String name = path.getFileName().toString();
                    if (name.endsWith(IndexFile.TEMP_SUFFIX)) {
                        Files.deleteIfExists(path);
                        LOG.log(System.Logger.Level.INFO, "removed unfinished index file {0}", path);
                    } else if (FILE_NAME.matcher(name).matches()) {
                        names.add(path);
                    }
                }
            }
            Collections.sort(names);
            List<IndexFile> loaded = new ArrayList<>(names.size());
            for (Path path : names) {
                loaded.add(IndexFile.open(path));
            }
            if (!loaded.isEmpty()) {
                IndexFile newest = loaded.get(loaded.size() - 1);
                // The newest file holds the authoritative watermark: truncation only lowers it there.
                lastIndexedOffset = newest.lastIndexedOffset();
                try {
                    nextSequence = Math.addExact(Long.parseLong(newest.path().getFileName().toString()), 1);
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new IOException("index file name out of sequence range: " + newest.path(), e);
                }
            }
            files = List.copyOf(loaded);
            state = State.LOADED;
            LOG.log(System.Logger.Level.DEBUG, "loaded {0} index files from {1}, last indexed offset {2}",
                    loaded.size(), indexDir, lastIndexedOffset);
        } finally {
            mutationLock.unlock();
        }
    }

    /**
     * Indexes one record under each of its distinct non-empty keys. A record at or below the last indexed offset was
     * already indexed (re-dispatch after recovery) and is skipped as a whole. A record without keys still advances
     * the watermark.
     */
    public void index(long commitLogOffset, long storeTimestamp, String topic, Collection<String> keys)
            throws IOException {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(keys, "keys");
        if (commitLogOffset < 0) {
            throw new IllegalArgumentException("negative commit log offset: " + commitLogOffset);
        }
        mutationLock.lock();
        try {
            checkLoaded();
            if (commitLogOffset <= lastIndexedOffset) {
                return;
            }
            Set<String> distinct = new LinkedHashSet<>();
            for (String key : keys) {
                if (key != null && !key.isEmpty()) {
                    distinct.add(key);
                }
            }
            for (String key : distinct) {
                addEntry(indexKey(topic, key), commitLogOffset, storeTimestamp);
            }
            // Written after the entries: a crash in between re-indexes the record, and queries drop the duplicates.
            lastIndexedOffset = commitLogOffset;
            IndexFile current = currentFile();
            if (current != null) {
                current.setLastIndexedOffset(commitLogOffset);
            }
        } finally {
            mutationLock.unlock();
        }
    }

    private void addEntry(String indexKey, long commitLogOffset, long storeTimestamp) throws IOException {
        IndexFile current = currentFile();
        if (current != null && current.add(indexKey, commitLogOffset, storeTimestamp)) {
            return;
        }
        IndexFile next = createNextFile(storeTimestamp);
        if (!next.add(indexKey, commitLogOffset, storeTimestamp)) {
            throw new IllegalStateException("a new index file refused its first entry: " + next);
        }
    }

    private IndexFile createNextFile(long beginTimestamp) throws IOException {
        Path path = indexDir.resolve(String.format(FILE_NAME_FORMAT, nextSequence));
        IndexFile file = IndexFile.create(path, hashSlots, entriesPerFile, beginTimestamp);
        nextSequence++;
        // Carries the watermark over, so the newest file always holds it.
        file.setLastIndexedOffset(lastIndexedOffset);
        List<IndexFile> next = new ArrayList<>(files);
        next.add(file);
        files = List.copyOf(next);
        LOG.log(System.Logger.Level.DEBUG, "started index file {0}", path);
        return file;
    }

    /**
     * Finds commit log offsets of messages stored under {@code key} in {@code topic} with a store time in
     * [beginMillis, endMillis], newest first, without duplicates. Every candidate (which may be a hash collision or a
     * stale entry) is passed once to {@code accept}, typically "read the message there and compare topic and key";
     * only accepted offsets are returned, and the search stops at {@code maxCount} of them.
     */
    public List<Long> query(String topic, String key, int maxCount, long beginMillis, long endMillis,
                            LongPredicate accept) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(accept, "accept");
        checkLoaded();
        if (maxCount <= 0 || beginMillis > endMillis) {
            return List.of();
        }
        String indexKey = indexKey(topic, key);
        List<Long> found = new ArrayList<>(Math.min(maxCount, 64));
        Set<Long> seen = new HashSet<>();
        LongPredicate visitor = offset -> {
            if (!seen.add(offset)) {
                return true;
            }
            if (accept.test(offset)) {
                found.add(offset);
                return found.size() < maxCount;
            }
            return true;
        };
        List<IndexFile> snapshot = files;
        for (int i = snapshot.size() - 1; i >= 0; i--) {
            IndexFile file = snapshot.get(i);
            if (file.endTimestamp() < beginMillis || file.beginTimestamp() > endMillis) {
                continue;
            }
            if (!file.collect(indexKey, beginMillis, endMillis, visitor)) {
                break;
            }
        }
        return Collections.unmodifiableList(found);
    }

    /** Commit log offset of the last record indexed, -1 when nothing has been indexed. */
    public long lastIndexedOffset() {
        return lastIndexedOffset;
    }

    /**
     * Deletes whole files whose newest entry lies below {@code minCommitLogOffset}, never the current writable file.
     * A file that cannot be deleted is kept and logged, and tried again on the next call.
     */
    public void deleteFilesBelow(long minCommitLogOffset) {
        mutationLock.lock();
        try {
            checkLoaded();
            List<IndexFile> current = files;
            List<IndexFile> kept = new ArrayList<>(current.size());
            for (int i = 0; i < current.size(); i++) {
                IndexFile file = current.get(i);
                boolean writable = i == current.size() - 1;
                if (writable || file.endPhysicalOffset() >= minCommitLogOffset || !delete(file)) {
                    kept.add(file);
                }
            }
            if (kept.size() != current.size()) {
                files = List.copyOf(kept);
            }
        } finally {
            mutationLock.unlock();
        }
    }

    private static boolean delete(IndexFile file) {
        try {
            Files.deleteIfExists(file.path());
            LOG.log(System.Logger.Level.INFO, "deleted index file {0}", file);
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete index file " + file.path() + ", will retry", e);
            return false;
        }
    }

    /**
     * Recovery after the commit log was cut at {@code commitLogOffset}: undoes every entry at or above the cut and
     * lowers the watermark below it, so records re-dispatched from the cut are indexed again and nothing stale points
     * at an offset a new record may reuse.
     */
    public void truncateFrom(long commitLogOffset) {
        if (commitLogOffset < 0) {
            throw new IllegalArgumentException("negative commit log offset: " + commitLogOffset);
        }
        mutationLock.lock();
        try {
            checkLoaded();
            List<IndexFile> snapshot = files;
            int undone = 0;
            // Entries are in offset order, so only a suffix is affected; files emptied by an earlier truncation
            // report -1 and are simply passed.
            for (int i = snapshot.size() - 1; i >= 0; i--) {
                IndexFile file = snapshot.get(i);
                if (file.endPhysicalOffset() >= commitLogOffset && file.truncateFrom(commitLogOffset)) {
                    undone++;
                }
            }
            if (lastIndexedOffset >= commitLogOffset) {
                lastIndexedOffset = commitLogOffset - 1;
                IndexFile current = currentFile();
                if (current != null) {
                    current.setLastIndexedOffset(lastIndexedOffset);
                }
            }
            LOG.log(System.Logger.Level.INFO, "truncated index from offset {0}: {1} files changed, watermark {2}",
                    commitLogOffset, undone, lastIndexedOffset);
        } finally {
            mutationLock.unlock();
        }
    }

    /** Forces every changed file to disk. Runs without the lock so a slow disk does not stall the writer. */
    public void flush() {
        for (IndexFile file : files) {
            file.flush();
        }
    }

    /** Flushes and drops all files; mappings are released by the garbage collector (no explicit unmap). */
    @Override
    public void close() {
        mutationLock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            flush();
            files = List.of();
            state = State.CLOSED;
        } finally {
            mutationLock.unlock();
        }
    }

    private IndexFile currentFile() {
        List<IndexFile> snapshot = files;
        return snapshot.isEmpty() ? null : snapshot.get(snapshot.size() - 1);
    }

    private void checkLoaded() {
        State s = state;
        if (s != State.LOADED) {
            throw new IllegalStateException(s == State.NEW ? "index service not loaded" : "index service closed");
        }
    }

    static String indexKey(String topic, String key) {
        return topic + TOPIC_KEY_SEPARATOR + key;
    }
}
