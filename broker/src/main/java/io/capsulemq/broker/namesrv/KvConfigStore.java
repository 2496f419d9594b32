package io.capsulemq.broker.namesrv;

import io.capsulemq.broker.engine.persist.JsonStateFile;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The NameServer's key-value configuration by namespace (RocketMQ keeps ordered-topic settings here, among others).
 * Kept in a file shaped as RocketMQ's kvConfig.json when one is configured, written before a change is taken, so an
 * acknowledged change survives a restart and a failed write changes nothing; in memory only otherwise.
 */
final class KvConfigStore {
    /** The file's content, as RocketMQ writes kvConfig.json. */
    record FileContent(Map<String, Map<String, String>> configTable) {
    }

    private final JsonStateFile<FileContent> file;
    private Map<String, Map<String, String>> namespaces = new TreeMap<>();

    /** @param file where to keep the configuration, or null to keep it in memory only */
    KvConfigStore(Path file) {
        this.file = file == null ? null : JsonStateFile.of(file, FileContent.class);
        if (this.file != null) {
            this.file.read().map(FileContent::configTable).ifPresent(table -> namespaces = copy(table));
        }
    }

    synchronized void put(String namespace, String key, String value) {
        change(next -> next.computeIfAbsent(namespace, n -> new TreeMap<>()).put(key, value));
    }

    synchronized Optional<String> get(String namespace, String key) {
        return Optional.ofNullable(namespaces.getOrDefault(namespace, Map.of()).get(key));
    }

    /** Removes a key; a namespace left empty goes too. */
    synchronized void delete(String namespace, String key) {
        if (namespaces.getOrDefault(namespace, Map.of()).containsKey(key)) {
            change(next -> {
                next.get(namespace).remove(key);
                if (next.get(namespace).isEmpty()) {
                    next.remove(namespace);
                }
            });
        }
    }

    /** All pairs of a namespace, or empty when it has none. */
    synchronized Optional<Map<String, String>> namespace(String namespace) {
        Map<String, String> pairs = namespaces.get(namespace);
        return pairs == null ? Optional.empty() : Optional.of(new TreeMap<>(pairs));
    }

    private void change(Consumer<Map<String, Map<String, String>>> edit) {
        Map<String, Map<String, String>> next = copy(namespaces);
        edit.accept(next);
        if (file != null) {
            file.write(new FileContent(next));
        }
        namespaces = next;
    }

    private static Map<String, Map<String, String>> copy(Map<String, Map<String, String>> table) {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        table.forEach((namespace, pairs) -> copy.put(namespace, new TreeMap<>(pairs)));
        return copy;
    }
}
