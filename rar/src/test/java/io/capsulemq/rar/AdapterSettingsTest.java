package io.capsulemq.rar;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdapterSettingsTest {
    @Test
    void shouldRefuseTheRemoteModeSayingItIsNotAvailableYet() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdapterSettings.of("remote", "", "", "b", 0, "127.0.0.1:9876", "", ""));
        assertTrue(e.getMessage().contains("property mode") && e.getMessage().contains("not available yet"),
                e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:9876"), e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownModeNamingTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdapterSettings.of("clustered", "", "", "b", 0, "", "", ""));
        assertTrue(e.getMessage().contains("property mode") && e.getMessage().contains("clustered"),
                e.getMessage());
    }

    @Test
    void shouldRefuseANetworkPortWhileTheBrokerIsInProcessOnly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdapterSettings.of("embedded", "", "", "b", 10911, "", "", ""));
        assertTrue(e.getMessage().contains("property listenPort") && e.getMessage().contains("10911"),
                e.getMessage());
    }

    @Test
    void shouldKeepTheStoreUnderTheServerInstanceFolderByDefault() {
        String previous = System.getProperty("com.sun.aas.instanceRoot");
        System.setProperty("com.sun.aas.instanceRoot", "/srv/payara/domain1");
        try {
            AdapterSettings s = AdapterSettings.of("embedded", "", "", "b", 0, "", "", "");
            assertEquals(Path.of("/srv/payara/domain1/capsule-data"), s.storeDir());
        } finally {
            if (previous == null) {
                System.clearProperty("com.sun.aas.instanceRoot");
            } else {
                System.setProperty("com.sun.aas.instanceRoot", previous);
            }
        }
    }

    @Test
    void shouldHandTheNamedPropertiesAndFurtherSettingsToTheEngine() {
        AdapterSettings s = AdapterSettings.of("EMBEDDED", "/data/mq", "SYNC_FLUSH", "orders", 0, "", "1s,5s",
                "defaultTopicQueueNums=4; transactionTimeout=3s");
        assertEquals(BrokerMode.EMBEDDED, s.mode());
        assertEquals(Path.of("/data/mq"), s.storeDir());
        assertEquals("orders", s.endpoint());
        assertEquals("SYNC_FLUSH", s.brokerSettings().get("flushDiskType"));
        assertEquals("orders", s.brokerSettings().get("brokerName"));
        assertEquals("1s,5s", s.brokerSettings().get("retryBackoff"));
        assertEquals("4", s.brokerSettings().get("defaultTopicQueueNums"));
        assertEquals("3s", s.brokerSettings().get("transactionTimeout"));
    }

    @Test
    void shouldRefuseBrokerSettingsThatAreNotNameValuePairs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdapterSettings.of("embedded", "", "", "b", 0, "", "", "indexHashSlots"));
        assertTrue(e.getMessage().contains("property brokerSettings"), e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownEngineSettingWhenTheBrokerStarts(@org.junit.jupiter.api.io.TempDir Path dir) {
        AdapterSettings s = AdapterSettings.of("embedded", dir.toString(), "", "b", 0, "", "", "flushEvery=2s");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmbeddedBroker.start(s));
        assertTrue(e.getMessage().contains("flushEvery"), e.getMessage());
    }
}
