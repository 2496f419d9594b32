package io.capsulemq.broker.engine.persist;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One piece of broker state (topics, groups, offsets) kept as a JSON file, as RocketMQ keeps its config files.
 * A write goes to a temporary file that is forced and then renamed over the old one, so a crash leaves either the
 * old or the new content, never a torn mix.
 */
public final class JsonStateFile<T> {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private final JavaType type;

    private JsonStateFile(Path file, JavaType type) {
        this.file = file;
        this.type = type;
    }

    public static <T> JsonStateFile<T> of(Path file, Class<T> type) {
        return new JsonStateFile<>(file, MAPPER.constructType(type));
    }

    /** A file holding a {@code Map<String, V>}. */
    public static <V> JsonStateFile<java.util.Map<String, V>> ofMap(Path file, Class<V> valueType) {
        return new JsonStateFile<>(file, MAPPER.getTypeFactory().constructMapType(java.util.LinkedHashMap.class,
                String.class, valueType));
    }

    public Path path() {
        return file;
    }

    /** The stored value, or empty when the file does not exist yet. A file that does not parse is an error. */
    public Optional<T> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readValue(file.toFile(), type));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(T value) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            byte[] json = MAPPER.writeValueAsBytes(value);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(json);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
