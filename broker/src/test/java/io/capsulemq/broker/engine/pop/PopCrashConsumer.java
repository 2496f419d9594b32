package io.capsulemq.broker.engine.pop;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The consumer JVM of {@link PopCrashTest}: pops topic {@value PopCrashTest#TOPIC} from two threads, acknowledges
 * all but every third message, writes a snapshot now and then so that the one a crash leaves is stale, and prints
 * {@code ACKING body} before each acknowledgement and {@code ACK body} once it returned, until it is killed.
 */
public final class PopCrashConsumer {
    private PopCrashConsumer() {
    }

    public static void main(String[] args) throws Exception {
        PopFixture f = new PopFixture(Path.of(args[0]));
        PrintStream out = new PrintStream(System.out, false);
        out.println("READY");
        out.flush();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread thread = new Thread(() -> {
                for (int pops = 0; ; pops++) {
                    for (PoppedMessage m : f.pop("g", PopCrashTest.TOPIC, 3)) {
                        String body = PopFixture.body(m);
                        if (Integer.parseInt(body.substring(body.indexOf('m') + 1)) % 3 != 0) {
                            synchronized (out) {
                                out.println("ACKING " + body);
                                out.flush();
                            }
                            f.pop.ack("g", PopCrashTest.TOPIC, m.receiptHandle());
                            synchronized (out) {
                                out.println("ACK " + body);
                                out.flush();
                            }
                        }
                    }
                    if (pops % 10 == 0) {
                        f.pop.writeSnapshot();
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
