package io.capsulemq.broker.store.queue;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

import io.capsulemq.broker.store.message.TopicNames;

/**
 * The table of all consume queues under {@code <consumeQueueRoot>/<topic>/<queueId>/}. Queues are created lazily
 * and touch the disk only on their first put.
 */
public final class ConsumeQueues implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ConsumeQueues.class.getName());

    private static final Pattern QUEUE_ID = Pattern.compile("0|[1-9][0-9]{0,9}");

    private final Path consumeQueueRoot;
    private final int entriesPerSegment;
    private final ConcurrentMap<QueueKey, ConsumeQueue> queues = new ConcurrentHashMap<>();

    public ConsumeQueues(Path consumeQueueRoot, int entriesPerSegment) {
        this.consumeQueueRoot = consumeQueueRoot;
        ConsumeQueueDescriptor.segmentBytes(entriesPerSegment); // validates the count early
        this.entriesPerSegment = entriesPerSegment;
    }

    /** Loads every queue found on disk; run once at startup, before any findOrCreate. */
    public void loadAll() throws IOException {
        if (!Files.isDirectory(consumeQueueRoot)) {
            return;
        }
        try (DirectoryStream<Path> topics = Files.newDirectoryStream(consumeQueueRoot, Files::isDirectory)) {
            for (Path topicDir : topics) {
                String topic = topicDir.getFileName().toString();
                if (TopicNames.problemWith(topic) != null) {
                    LOG.log(System.Logger.Level.WARNING, "ignoring folder {0}: not a topic name", topicDir);
                    continue;
                }
                loadTopic(topic, topicDir);
            }
        }
    }

    private void loadTopic(String topic, Path topicDir) throws IOException {
        try (DirectoryStream<Path> queueDirs = Files.newDirectoryStream(topicDir, Files::isDirectory)) {
            for (Path queueDir : queueDirs) {
                String name = queueDir.getFileName().toString();
                if (!QUEUE_ID.matcher(name).matches() || Long.parseLong(name) > Integer.MAX_VALUE) {
                    LOG.log(System.Logger.Level.WARNING, "ignoring folder {0}: not a queue id", queueDir);
                    continue;
                }
                int queueId = Integer.parseInt(name);
                ConsumeQueue queue = new ConsumeQueue(queueDir, topic, queueId, entriesPerSegment);
                queue.load();
                queues.put(new QueueKey(topic, queueId), queue);
            }
        }
    }

    /** The queue of (topic, queueId), created empty (no files yet) if unknown. */
    public ConsumeQueue findOrCreate(String topic, int queueId) {
        requireValid(topic, queueId);
        return queues.computeIfAbsent(new QueueKey(topic, queueId), key -> new ConsumeQueue(
                consumeQueueRoot.resolve(topic).resolve(Integer.toString(queueId)), topic, queueId,
                entriesPerSegment));
    }

    public Optional<ConsumeQueue> find(String topic, int queueId) {
        return Optional.ofNullable(queues.get(new QueueKey(topic, queueId)));
    }

    /** A snapshot-free live view; iteration is weakly consistent with concurrent creation. */
    public Collection<ConsumeQueue> all() {
        return Collections.unmodifiableCollection(queues.values());
    }

    public void flushAll() throws IOException {
        forEach(ConsumeQueue::flush);
    }

    /** Recovery: drops from every queue the entries at or beyond the commit log's valid end. */
    public void truncateAllFrom(long commitLogOffset) throws IOException {
        forEach(queue -> queue.truncateFrom(commitLogOffset));
    }

    /** Retention: follows the commit log's new first offset in every queue. */
    public void deleteAllBelow(long minCommitLogOffset) throws IOException {
        forEach(queue -> queue.deleteBelow(minCommitLogOffset));
    }

    /** After loadAll: sets every queue's minOffset from the commit log's first offset. */
    public void correctAllMinOffsets(long minCommitLogOffset) {
        for (ConsumeQueue queue : queues.values()) {
            queue.correctMinOffset(minCommitLogOffset);
        }
    }

    /** Topic deletion: removes the topic's queues from the table and their files from disk. */
    public void deleteTopic(String topic) throws IOException {
        List<ConsumeQueue> removed = new ArrayList<>();
        queues.entrySet().removeIf(e -> {
            if (e.getKey().topic().equals(topic)) {
                removed.add(e.getValue());
                return true;
            }
            return false;
        });
        forEach(removed, ConsumeQueue::deleteFiles);
        if (TopicNames.problemWith(topic) == null) {
            try {
                Files.deleteIfExists(consumeQueueRoot.resolve(topic));
            } catch (DirectoryNotEmptyException e) {
                LOG.log(System.Logger.Level.WARNING, "topic folder {0} still holds other files",
                        consumeQueueRoot.resolve(topic));
            }
        }
    }

    /** Flushes and closes every queue; the table is empty afterwards. */
    @Override
    public void close() throws IOException {
        List<ConsumeQueue> all = new ArrayList<>(queues.values());
        queues.clear();
        forEach(all, ConsumeQueue::close);
    }

    private void forEach(QueueAction action) throws IOException {
        forEach(queues.values(), action);
    }

    /** Applies the action to every queue even if some fail, then reports the first failure (others suppressed). */
    private static void forEach(Collection<ConsumeQueue> targets, QueueAction action) throws IOException {
        IOException failure = null;
        for (ConsumeQueue queue : targets) {
            try {
                action.apply(queue);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "consume queue " + queue + " failed", e);
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void requireValid(String topic, int queueId) {
        // Topic names double as folder names; this keeps them from escaping the root (no '/', no '..').
        String problem = TopicNames.problemWith(topic);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (queueId < 0) {
            throw new IllegalArgumentException("queue id must not be negative: " + queueId);
        }
    }

    @FunctionalInterface
    private interface QueueAction {
        void apply(ConsumeQueue queue) throws IOException;
    }

    private record QueueKey(String topic, int queueId) {
    }
}
