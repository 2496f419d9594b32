package io.capsulemq.client.endpoint;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.client.TestBroker;
import io.capsulemq.broker.engine.BrokerConfig;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapsuleEndpointsTest {
    /** Small files, so that embedded test brokers start fast and stay small. */
    static final String SMALL = "commitLogSegmentSize=4m&maxMessageSize=256k&consumeQueueEntriesPerSegment=1024"
            + "&indexHashSlots=1024&indexEntriesPerFile=4096&minFreeBytes=0&diskFullRatio=1.0&diskMaxUsedRatio=1.0";

    private final ClientServiceProvider provider = ClientServiceProvider.loadService();

    private Producer producer(String endpoint) throws Exception {
        return provider.newProducerBuilder()
                .setClientConfiguration(ClientConfiguration.newBuilder().setEndpoints(endpoint).build()).build();
    }

    private void send(Producer producer) throws Exception {
        assertNotNull(producer.send(provider.newMessageBuilder().setTopic("t").setBody(new byte[] {1}).build()));
    }

    @Test
    void shouldSayWhatIsUnderstoodWhenAnEndpointIsNot() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> producer("http://10.0.0.1:9876"));
        assertTrue(e.getMessage().contains("'http://10.0.0.1:9876' is not understood"), e.getMessage());
        assertTrue(e.getMessage().contains("'local:<data dir>"), e.getMessage());
        assertTrue(e.getMessage().contains("register"), e.getMessage());
    }

    @Test
    void shouldListTheKnownSettingsWhenOneIsUnknown(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> producer("local:" + dir + "?flushDiskTyp=SYNC_FLUSH"));
        assertTrue(e.getMessage().contains("unknown setting 'flushDiskTyp'"), e.getMessage());
        assertTrue(e.getMessage().contains("flushDiskType"), e.getMessage());
        assertTrue(e.getMessage().contains("transactionCheckInterval"), e.getMessage());
    }

    @Test
    void shouldNameTheSettingAndTheExpectedFormOfAMalformedValue(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> producer("local:" + dir + "?transactionCheckInterval=soon"));
        assertTrue(e.getMessage().contains("transactionCheckInterval=soon"), e.getMessage());
        assertTrue(e.getMessage().contains("not a duration"), e.getMessage());
    }

    @Test
    void shouldStartTheEmbeddedBrokerWithTheEndpointsSettings(@TempDir Path dir) {
        try (GatewayLease lease = CapsuleEndpoints.open("local:" + dir + "?defaultTopicQueueNums=3&" + SMALL)) {
            assertEquals(3, lease.gateway().route("new-topic").writeQueueNums());
        }
    }

    @Test
    void shouldShareOneBrokerPerFolderAndCloseItWithTheLastClient(@TempDir Path dir) throws Exception {
        String endpoint = "local:" + dir + "?" + SMALL;
        Producer first = producer(endpoint);
        Producer second = producer("local:" + dir.resolve(".") + "?" + SMALL);
        send(first);
        first.close();
        send(second);
        second.close();
        // The store's lock is free again: the broker closed cleanly.
        try (Broker again = Broker.start(BrokerConfig.builder(TestBroker.smallStore(dir).build()).build())) {
            assertTrue(again.topics().find("t").isPresent());
        }
    }

    @Test
    void shouldSayWhyAnEmbeddedBrokerCannotStart(@TempDir Path dir) throws Exception {
        TestBroker holdingTheFolder = TestBroker.start(dir);
        try {
            ClientException e = assertThrows(ClientException.class, () -> producer("local:" + dir + "?" + SMALL));
            assertTrue(e.getMessage().contains("cannot reach the broker of endpoint 'local:" + dir), e.getMessage());
        } finally {
            holdingTheFolder.close();
        }
    }

    @Test
    void shouldRefuseASecondClientAskingForOtherSettings(@TempDir Path dir) throws Exception {
        Producer first = producer("local:" + dir + "?" + SMALL);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> producer("local:" + dir + "?defaultTopicQueueNums=2&" + SMALL));
            assertTrue(e.getMessage().contains("already runs with"), e.getMessage());
        } finally {
            first.close();
        }
    }

    @Test
    void shouldReachARegisteredBrokerByItsNameWithoutClosingIt(@TempDir Path dir) throws Exception {
        try (TestBroker broker = TestBroker.start(dir)) {
            CapsuleEndpoints.register("127.0.0.1:19876", broker.broker());
            try {
                try (Producer producer = producer("127.0.0.1:19876")) {
                    send(producer);
                }
                assertTrue(broker.broker().topics().find("t").isPresent());
                try (Producer producer = producer("127.0.0.1:19876")) {
                    send(producer);
                }
            } finally {
                CapsuleEndpoints.unregister("127.0.0.1:19876");
            }
        }
    }

    @Test
    void shouldRefuseANameRegisteredToAnotherBroker(@TempDir Path dir) {
        try (TestBroker one = TestBroker.start(dir.resolve("one")); TestBroker two = TestBroker.start(dir.resolve("two"))) {
            CapsuleEndpoints.register("shared-name", one.broker());
            try {
                assertThrows(IllegalStateException.class, () -> CapsuleEndpoints.register("shared-name", two.broker()));
            } finally {
                CapsuleEndpoints.unregister("shared-name");
            }
        }
    }
}
