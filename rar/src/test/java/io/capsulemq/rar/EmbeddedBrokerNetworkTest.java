package io.capsulemq.rar;

import io.capsulemq.client.CapsuleClientServiceProvider;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedBrokerNetworkTest {
    private static final ClientServiceProvider PROVIDER = new CapsuleClientServiceProvider();

    @TempDir
    Path dir;

    @Test
    void shouldTakeSendsOverTheNetworkThroughItsOwnNameServer() throws Exception {
        int brokerPort = freePort();
        int namesrvPort = freePort();
        try (EmbeddedBroker broker = EmbeddedBroker.start(settings(new ListenerProperties(brokerPort, namesrvPort,
                "127.0.0.1", "")))) {
            SendReceipt receipt;
            try (Producer producer = PROVIDER.newProducerBuilder().setClientConfiguration(ClientConfiguration
                    .newBuilder().setEndpoints("127.0.0.1:" + namesrvPort).build()).build()) {
                receipt = producer.send(PROVIDER.newMessageBuilder().setTopic("over-the-wire").setTag("t")
                        .setBody("hello".getBytes(StandardCharsets.UTF_8)).build());
            }

            assertNotNull(receipt.getMessageId());
            long stored = 0;
            for (int queue = 0; queue < broker.broker().topics().find("over-the-wire").orElseThrow()
                    .writeQueueNums(); queue++) {
                stored += broker.broker().store().maxOffset("over-the-wire", queue);
            }
            assertEquals(1, stored, "the message sent over the network is in the embedded broker's store");
        }
    }

    @Test
    void shouldLeaveNoPortNorThreadBehindWhenClosed() throws Exception {
        int brokerPort = freePort();
        int namesrvPort = freePort();
        ListenerProperties listener = new ListenerProperties(brokerPort, namesrvPort, "127.0.0.1", "");
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        EmbeddedBroker.start(settings(listener)).close();

        assertTrue(isFree(brokerPort) && isFree(namesrvPort), "both ports are free again");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> left = startedSince(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = startedSince(before);
        }
        assertEquals(List.of(), left, "threads the broker started are still alive");
        EmbeddedBroker.start(settings(listener)).close(); // and a second start binds the ports again
    }

    private static List<String> startedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !before.contains(t))
                .map(Thread::getName).sorted().toList();
    }

    @Test
    void shouldRefuseABadPortNamingTheAdapterProperty() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedBroker.start(settings(new ListenerProperties(70_000, 0, "127.0.0.1", ""))));

        assertTrue(refused.getMessage().startsWith("property listenPort: '70000'"), refused.getMessage());
    }

    private AdapterSettings settings(ListenerProperties listener) {
        return AdapterSettings.of("embedded", dir.toString(), "ASYNC_FLUSH", "networked", listener, "", "200ms",
                TestBrokers.SMALL);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean isFree(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
