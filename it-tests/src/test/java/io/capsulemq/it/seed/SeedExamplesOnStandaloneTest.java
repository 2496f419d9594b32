package io.capsulemq.it.seed;

import io.capsulemq.peers.CapsuleStandalone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The seed examples against the standalone broker over the network, as a user runs them: the RocketMQ 5 API ones
 * with capsule-client.jar alone and the NameServer's address as their endpoint, and NativeProducerConfig with
 * Apache RocketMQ's own remoting client given that address in {@code rocketmq.address}.
 */
class SeedExamplesOnStandaloneTest {
    @TempDir
    static Path work;
    private static CapsuleStandalone broker;
    private static Path apiClasses;
    private static Path nativeClasses;
    private static Path jar;

    @BeforeAll
    static void start() throws Exception {
        jar = SeedExamples.clientJar();
        apiClasses = work.resolve("api-classes");
        SeedExamples.compile(SeedExamples.folder(), jar, apiClasses);
        nativeClasses = work.resolve("native-classes");
        SeedExamples.compileNative(SeedExamples.folder(), System.getProperty("java.class.path"), nativeClasses);
        broker = CapsuleStandalone.start(work.resolve("broker"),
                Map.of("transactionTimeOut", "1000", "transactionCheckInterval", "1000"), "256m");
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private static void run(String example, String... arguments) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(broker.nameServerAddress()));
        args.addAll(List.of(arguments));
        SeedExampleRuns.run(work, SeedExampleRuns.classPath(apiClasses, jar), List.of(), example, args, "done");
    }

    @Test
    void shouldRunTheNativeProducerExampleWithRocketMqsOwnClient() throws Exception {
        SeedExampleRuns.run(work, nativeClasses + java.io.File.pathSeparator + System.getProperty("java.class.path"),
                List.of("-Drocketmq.address=" + broker.nameServerAddress()), "NativeProducerConfig", List.of(),
                "ok: send status is SEND_OK");
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
