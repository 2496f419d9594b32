package io.capsulemq.bench.fuzz;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/** Collects the SEVERE records of the loggers it is added to, one line each with the exception, if any. */
final class SevereRecords extends Handler {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
            lines.add("SEVERE: " + record.getLoggerName() + ": " + record.getMessage()
                    + (record.getThrown() != null ? " " + record.getThrown() : ""));
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
