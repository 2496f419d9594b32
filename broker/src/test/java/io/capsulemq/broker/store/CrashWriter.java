package io.capsulemq.broker.store;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The writer JVM of {@link CrashRecoveryProcessTest}: appends with synchronous flush from several threads and
 * prints a line for each acknowledged message ({@code ACK queue queueOffset seq size}) until it is killed.
 */
public final class CrashWriter {
    static final int THREADS = 4;
    static final String TOPIC = "crash";

    private CrashWriter() {
    }

    /** The body of message {@code seq}: its size varies so records land at every alignment. */
    static int sizeOf(long seq) {
        return 50 + (int) (seq * 7919 % 3000);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long firstSeq = Long.parseLong(args[1]);
        PrintStream out = new PrintStream(System.out, false);
        DefaultMessageStore store = DefaultMessageStore.open(CrashRecoveryProcessTest.config(dir));
        out.println("READY");
        out.flush();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int queue = t;
            Thread thread = new Thread(() -> {
                for (long i = 0; ; i++) {
                    long seq = firstSeq + i * THREADS + queue;
                    PutResult r = store.put(MessageToStore.builder(TOPIC, queue)
                            .body(TestStores.patternBody(seq, sizeOf(seq)))
                            .property("seq", Long.toString(seq)).build());
                    if (r.status() == PutStatus.PUT_OK) {
                        synchronized (out) {
                            out.println("ACK " + queue + " " + r.queueOffset() + " " + seq);
                            out.flush();
                        }
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
