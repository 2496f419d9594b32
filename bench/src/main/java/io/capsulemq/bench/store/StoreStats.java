package io.capsulemq.bench.store;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What the store benchmark counted during its measurement iterations, handed from the forked benchmark JVM to
 * {@link io.capsulemq.bench.BenchMain} through a small file named by the system property {@value #FILE_PROPERTY}.
 *
 * @param appends records appended during measurement iterations
 * @param fsyncs  fsyncs the group-commit flusher did during measurement iterations
 */
public record StoreStats(long appends, long fsyncs) {
    public static final String FILE_PROPERTY = "capsule.bench.stats";

    /** Appends per fsync: the mean group-commit batch; NaN when there was no fsync. */
    public double meanBatch() {
        return fsyncs == 0 ? Double.NaN : (double) appends / fsyncs;
    }

    public StoreStats plus(long moreAppends, long moreFsyncs) {
        return new StoreStats(appends + moreAppends, fsyncs + moreFsyncs);
    }

    /** Writes these figures to the file named by the system property, if it is set. */
    void publish() {
        String file = System.getProperty(FILE_PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        Properties p = new Properties();
        p.setProperty("appends", Long.toString(appends));
        p.setProperty("fsyncs", Long.toString(fsyncs));
        try (Writer w = Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8)) {
            p.store(w, "store benchmark counters, measurement iterations only");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static StoreStats read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("the store benchmark left no counters in " + file, e);
        }
        return new StoreStats(Long.parseLong(p.getProperty("appends")), Long.parseLong(p.getProperty("fsyncs")));
    }
}
