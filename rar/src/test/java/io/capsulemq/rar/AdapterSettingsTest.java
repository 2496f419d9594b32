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
                () -> AdapterSettings.of("remote", "", "", "b", ListenerProperties.NONE, "127.0.0.1:9876", "",
                        ""));
        assertTrue(e.getMessage().contains("property mode") && e.getMessage().contains("not available yet"),
                e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:9876"), e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownModeNamingTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdapterSettings.of("clustered", "", "", "b", ListenerProperties.NONE, "", "", ""));
        assertTrue(e.getMessage().contains("property mode") && e.getMessage().contains("clustered"),
                e.getMessage());
    }

    @Test
    void shouldServeTheNetworkOnTheStandaloneBrokersPortsByDefault() {
        ListenerProperties defaults = ListenerProperties.of(null, null, null, null);

        assertTrue(defaults.enabled());
        assertEquals(java.util.Map.of("listenPort", "10911", "namesrvListenPort", "9876", "bindAddress", "127.0.0.1",
                "namesrvAddr", "10.0.0.7:9876"), defaults.brokerConf("10.0.0.7:9876"));
        assertTrue(!ListenerProperties.of(0, null, null, null).enabled());
    }

    @Test
    void shouldKeepTheStoreUnderTheServerInstanceFolderByDefault() {
        String previous = System.getProperty("com.sun.aas.instanceRoot");
        System.setProperty("com.sun.aas.instanceRoot", "/srv/payara/domain1");
        try {
            AdapterSettings s = AdapterSettings.of("embedded", "", "", "b", ListenerProperties.NONE, "", "", "");
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
        AdapterSettings s = AdapterSettings.of("EMBEDDED", "/data/mq", "SYNC_FLUSH", "orders",
                ListenerProperties.NONE, "", "1s,5s", "defaultTopicQueueNums=4; transactionTimeout=3s");
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
                () -> AdapterSettings.of("embedded", "", "", "b", ListenerProperties.NONE, "", "",
                        "indexHashSlots"));
        assertTrue(e.getMessage().contains("property brokerSettings"), e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownEngineSettingWhenTheBrokerStarts(@org.junit.jupiter.api.io.TempDir Path dir) {
        AdapterSettings s = AdapterSettings.of("embedded", dir.toString(), "", "b", ListenerProperties.NONE, "", "",
                "flushEvery=2s");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmbeddedBroker.start(s));
        assertTrue(e.getMessage().contains("flushEvery"), e.getMessage());
    }
}
