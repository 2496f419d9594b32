package io.capsulemq.broker.store;

import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The formatted messages one class logs at WARNING or above (System.Logger goes to java.util.logging in tests),
 * for tests that check a loss is reported.
 */
public final class CapturedLog extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    public CapturedLog(Class<?> source) {
        logger = Logger.getLogger(source.getName());
        setLevel(Level.WARNING);
        logger.addHandler(this);
    }

    /** Every message captured so far. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** The messages captured so far that contain {@code text}. */
    public List<String> containing(String text) {
        return messages.stream().filter(m -> m.contains(text)).toList();
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        Object[] parameters = record.getParameters();
        String message = parameters == null || parameters.length == 0 ? record.getMessage()
                : MessageFormat.format(record.getMessage(), parameters);
        Throwable thrown = record.getThrown();
        messages.add(thrown == null ? message : message + " | " + thrown);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
