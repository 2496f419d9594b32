package io.capsulemq.it.seed;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;


/**
 * The seed examples run unchanged, each in a JVM of its own whose class path is the examples' classes and
 * capsule-client.jar, nothing else, against an embedded broker ({@code local:<folder>?settings}). Each example
 * checks itself and exits 0 only when what it sent came back as it should. Nothing of an example is changed but the
 * endpoint it is given (its first argument, as the examples take it) and the arguments it documents (topic, delay);
 * the endpoint's broker settings shorten what the examples wait for: transaction check-backs start after 1 s and
 * run every second.
 */
class SeedExamplesTest {
    private static final String BROKER = "commitLogSegmentSize=16m&maxMessageSize=1m&consumeQueueEntriesPerSegment=4096"
            + "&indexHashSlots=4096&indexEntriesPerFile=16384&minFreeBytes=0&diskFullRatio=1.0&diskMaxUsedRatio=1.0"
            + "&transactionTimeout=1s&transactionCheckInterval=1s";

    @TempDir
    static Path work;
    private static Path classes;
    private static Path jar;

    @BeforeAll
    static void compile() throws Exception {
        jar = SeedExamples.clientJar();
        classes = work.resolve("seed-classes");
        SeedExamples.compile(SeedExamples.folder(), jar, classes);
    }

    private static void run(String example, String... arguments) throws Exception {
        String endpoint = "local:" + work.resolve(example + "-data") + "?" + BROKER;
        List<String> args = new ArrayList<>(List.of(endpoint));
        args.addAll(List.of(arguments));
        SeedExampleRuns.run(work, SeedExampleRuns.classPath(classes, jar), List.of(), example, args, "done");
    }

    @Test
    void shouldRunTheNormalMessageExample() throws Exception {
        run("NormalMessage", "seed_normal");
    }

    @Test
    void shouldRunTheTimedMessageExampleNoEarlierThanItsTime() throws Exception {
        run("TimedMessage", "seed_delay", "3");
    }

    @Test
    void shouldRunTheFifoMessageExampleInOrderPerMessageGroup() throws Exception {
        run("FifoMessage", "seed_fifo");
    }

    @Test
    void shouldRunTheTransactionalMessageExampleWithItsCheckBack() throws Exception {
        run("TransactionalMessage", "seed_transaction", "30");
    }
}
