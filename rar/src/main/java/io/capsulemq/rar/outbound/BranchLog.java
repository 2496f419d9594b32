package io.capsulemq.rar.outbound;

import io.capsulemq.client.remote.SentHalf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The remote mode's durable record of its XA branches, since a remote broker cannot be asked for pending halves by
 * branch: one file per branch written on prepare (to a temporary file, forced, then renamed over, and the folder
 * forced), rewritten when a commit begins and deleted once the branch has ended. A crash mid-write leaves only a
 * temporary file, deleted on opening; a record file that does not read back whole (a torn or corrupt one) is set
 * aside as {@code .bad} with a warning, so what was never fully prepared is treated as never prepared (rolled back,
 * as the transaction manager presumes). The folder also keeps the adapter's own id, which names its producer group.
 */
final class BranchLog {
    private static final System.Logger LOG = System.getLogger(BranchLog.class.getName());
    static final String SUFFIX = ".branch";
    static final String TEMPORARY = ".tmp";
    static final String BAD = ".bad";
    private static final String ID_FILE = "adapter-id";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Path dir;
    private final String adapterId;
    private final Map<String, BranchRecord> byMark = new ConcurrentHashMap<>();
    private final Map<String, String> markByMessageId = new ConcurrentHashMap<>();

    private BranchLog(Path dir, String adapterId) {
        this.dir = dir;
        this.adapterId = adapterId;
    }

    /** Opens (creating) the log in {@code dir}: leftovers of interrupted writes removed, records read back. */
    static BranchLog open(Path dir) {
        try {
            Files.createDirectories(dir);
            BranchLog log = new BranchLog(dir, adapterId(dir));
            log.load();
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the XA branch log in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String adapterId(Path dir) throws IOException {
        Path file = dir.resolve(ID_FILE);
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!ID.matcher(id).matches()) {
                throw new IOException(file + " does not hold an adapter id (letters, digits, _ and -): '" + id + "'");
            }
            return id;
        }
        String id = UUID.randomUUID().toString().replace("-", "");
        writeDurably(dir, file, id.getBytes(StandardCharsets.US_ASCII));
        return id;
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(TEMPORARY)) {
                    Files.deleteIfExists(file);
                    LOG.log(System.Logger.Level.INFO, "removed {0}, left by a write a crash interrupted", file);
                } else if (name.endsWith(SUFFIX)) {
                    read(file);
                }
            }
        }
    }

    private void read(Path file) throws IOException {
        try {
            BranchRecord record = BranchLogFormat.decode(Files.readAllBytes(file));
            if (!file.getFileName().toString().equals(fileName(record.mark()))) {
                throw new IllegalArgumentException("it holds branch " + record.mark() + ", not this file's");
            }
            remember(record);
        } catch (IllegalArgumentException e) {
            Path aside = file.resolveSibling(file.getFileName() + BAD);
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.log(System.Logger.Level.WARNING, "XA branch record {0} cannot be read ({1}); set aside as {2}: its "
                    + "branch counts as never prepared", file, e.getMessage(), aside);
        }
    }

    /** Names this adapter instance durably (its producer group), the same after every restart. */
    String adapterId() {
        return adapterId;
    }

    Path dir() {
        return dir;
    }

    /** Writes the record durably, replacing the branch's earlier one; returns once it is on disk. */
    void write(BranchRecord record) {
        try {
            writeDurably(dir, dir.resolve(fileName(record.mark())), BranchLogFormat.encode(record));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the record of XA branch " + record.mark() + " in " + dir
                    + ": " + e.getMessage(), e);
        }
        remember(record);
    }

    /** Forgets the branch: its file is deleted (and the deletion forced). */
    void remove(String mark) {
        BranchRecord gone = byMark.remove(mark);
        if (gone != null) {
            gone.halves().forEach(h -> markByMessageId.remove(h.messageId(), mark));
        }
        try {
            if (Files.deleteIfExists(dir.resolve(fileName(mark)))) {
                forceFolder(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the record of XA branch " + mark + " from " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    Optional<BranchRecord> get(String mark) {
        return Optional.ofNullable(byMark.get(mark));
    }

    /** The branch holding the half with this unique id, if the log has it. */
    Optional<BranchRecord> byMessageId(String messageId) {
        String mark = messageId == null ? null : markByMessageId.get(messageId);
        return mark == null ? Optional.empty() : get(mark);
    }

    /** Every branch the log holds, by mark. */
    Map<String, BranchRecord> all() {
        return new LinkedHashMap<>(byMark);
    }

    private void remember(BranchRecord record) {
        byMark.put(record.mark(), record);
        for (SentHalf h : record.halves()) {
            markByMessageId.put(h.messageId(), record.mark());
        }
    }

    /** A file name for any mark: Xids carry arbitrary bytes, so the name is a digest of the mark. */
    static String fileName(String mark) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(mark.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest) + SUFFIX;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static void writeDurably(Path dir, Path target, byte[] bytes) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + TEMPORARY);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceFolder(dir);
    }

    /** Makes a rename or deletion durable; some systems cannot open a folder for this, and then it is skipped. */
    private static void forceFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.TRACE, "cannot force folder {0}: {1}", dir, e.getMessage());
        }
    }
}
