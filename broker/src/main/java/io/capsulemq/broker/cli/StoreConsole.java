package io.capsulemq.broker.cli;

import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.PutResult;
import io.capsulemq.broker.store.StoredMessage;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** The standalone broker's console: one command a line, answers on the given stream. */
final class StoreConsole {
    private static final String HELP = String.join(System.lineSeparator(),
            "put TOPIC QUEUE BODY [KEY]      append a message (BODY is one word)",
            "get TOPIC QUEUE OFFSET [MAX]    read messages of a queue from an offset",
            "offsets TOPIC QUEUE             smallest and next offset of a queue",
            "key TOPIC KEY                   messages of a topic with this key",
            "id OFFSET_MESSAGE_ID            the message with this offset id",
            "quit                            close the store cleanly and exit");

    private final MessageStore store;
    private final PrintStream out;

    StoreConsole(MessageStore store, PrintStream out) {
        this.store = store;
        this.out = out;
    }

    /** Runs one command line; false when the console should end. */
    boolean execute(String line) {
        String[] w = line.trim().split("\\s+");
        try {
            switch (w[0]) {
                case "" -> { }
                case "help" -> out.println(HELP);
                case "quit", "exit" -> {
                    return false;
                }
                case "put" -> put(w);
                case "get" -> get(w);
                case "offsets" -> out.println("min " + store.minOffset(w[1], Integer.parseInt(w[2]))
                        + " max " + store.maxOffset(w[1], Integer.parseInt(w[2])));
                case "key" -> print(store.lookUpByKey(w[1], w[2], 32, 0, Long.MAX_VALUE));
                case "id" -> print(store.lookUpByOffsetId(w[1]).stream().toList());
                default -> out.println("unknown command '" + w[0] + "'; type 'help'");
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            out.println("missing arguments; type 'help'");
        } catch (IllegalArgumentException e) {
            out.println("bad argument: " + e.getMessage());
        }
        return true;
    }

    private void put(String[] w) {
        MessageToStore.Builder b = MessageToStore.builder(w[1], Integer.parseInt(w[2]))
                .body(w[3].getBytes(StandardCharsets.UTF_8));
        if (w.length > 4) {
            b.keys(w[4]);
        }
        PutResult r = store.put(b.build());
        out.println(r.isOk() ? "ok queueOffset " + r.queueOffset() + " id " + r.offsetMessageIds().get(0)
                : r.status() + ": " + r.reason());
    }

    private void get(String[] w) {
        store.awaitDispatched(Duration.ofSeconds(1));
        int max = w.length > 4 ? Integer.parseInt(w[4]) : 16;
        GetResult r = store.get(w[1], Integer.parseInt(w[2]), Long.parseLong(w[3]), max, MessageFilter.ALL);
        out.println(r.status() + " next " + r.nextOffset() + " (min " + r.minOffset() + ", max " + r.maxOffset() + ")");
        print(r.messages());
    }

    private void print(List<StoredMessage> messages) {
        store.awaitDispatched(Duration.ofSeconds(1));
        for (StoredMessage m : messages) {
            out.println("  " + m.queueOffset() + " " + m.offsetMessageId() + " "
                    + new String(m.body(), StandardCharsets.UTF_8) + " " + m.properties());
        }
        if (messages.isEmpty()) {
            out.println("  (none)");
        }
    }
}
