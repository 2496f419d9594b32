package io.capsulemq.rar;

import io.capsulemq.client.remote.AccessCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.capsulemq.rar.ListenerProperties.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdapterSettingsTest {
    @Test
    void shouldRefuseTheRemoteModeWithoutNameServerAddressesNamingTheProperty() {
        for (String missing : new String[]{null, "", "  "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AdapterSettings.of("remote", "", "", "b", NONE, missing, "", ""));
            assertTrue(e.getMessage().contains("property namesrvAddr") && e.getMessage().contains("mode=remote"),
                    e.getMessage());
        }
    }

    @Test
    void shouldRefuseMalformedNameServerAddressesSayingWhichPartIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdapterSettings.of("remote", "", "", "b", NONE, "127.0.0.1:9876;nameserver", "", ""));
        assertTrue(e.getMessage().contains("property namesrvAddr") && e.getMessage().contains("'nameserver'"),
                e.getMessage());
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> AdapterSettings.of("remote", "", "", "b", NONE, "127.0.0.1:98760", "", ""));
        assertTrue(port.getMessage().contains("property namesrvAddr") && port.getMessage().contains("98760"),
                port.getMessage());
    }

    @Test
    void shouldTakeTheNameServerAddressesAsTheClientsEndpointInTheRemoteMode(@TempDir Path dir) {
        AdapterSettings s = AdapterSettings.of("Remote", dir.toString(), "ASYNC_FLUSH", "capsule-broker", NONE,
                " 10.0.0.1:9876;10.0.0.2:9876 ", "", "");
        assertEquals(BrokerMode.REMOTE, s.mode());
        assertEquals("10.0.0.1:9876;10.0.0.2:9876", s.namesrvAddr());
        assertEquals(s.namesrvAddr(), s.endpoint());
        assertEquals(dir.toAbsolutePath().normalize(), s.storeDir());
        assertTrue(s.brokerSettings().isEmpty(), s.brokerSettings().toString());
    }

    @Test
    void shouldRefuseTheEmbeddedBrokersOwnSettingsInTheRemoteModeRatherThanIgnoreThem() {
        IllegalArgumentException backoff = assertThrows(IllegalArgumentException.class,
                () -> AdapterSettings.of("remote", "", "", "b", NONE, "127.0.0.1:9876", "1s,5s", ""));
        assertTrue(backoff.getMessage().contains("property retryBackoff"), backoff.getMessage());
        IllegalArgumentException engine = assertThrows(IllegalArgumentException.class,
                () -> AdapterSettings.of("remote", "", "", "b", NONE, "127.0.0.1:9876", "", "indexHashSlots=10"));
        assertTrue(engine.getMessage().contains("property brokerSettings"), engine.getMessage());
    }

    @Test
    void shouldTakeRemoteCredentialsToSignWith() {
        AdapterSettings settings = AdapterSettings.of("remote", "", "", "b", NONE, "127.0.0.1:9876", "", "")
                .withCredentials(" app-user ", "app-secret");
        assertEquals(new AccessCredentials("app-user", "app-secret"), settings.credentials());
        assertNull(AdapterSettings.of("remote", "", "", "b", NONE, "127.0.0.1:9876", "", "")
                .withCredentials(" ", null).credentials(), "no credentials: requests are not signed");
        assertFalse(settings.toString().contains("app-secret"), settings.toString());
    }

    @Test
    void shouldRefuseHalfOfTheCredentialsNamingTheMissingProperty() {
        AdapterSettings remote = AdapterSettings.of("remote", "", "", "b", NONE, "127.0.0.1:9876", "", "");
        IllegalArgumentException noAccess = assertThrows(IllegalArgumentException.class,
                () -> remote.withCredentials("", "SK"));
        assertTrue(noAccess.getMessage().startsWith("property accessKey"), noAccess.getMessage());
        IllegalArgumentException noSecret = assertThrows(IllegalArgumentException.class,
                () -> remote.withCredentials("AK", ""));
        assertTrue(noSecret.getMessage().startsWith("property secretKey") && noSecret.getMessage().contains("AK"),
                noSecret.getMessage());
    }

    /** The embedded broker checks no credentials; keys set for it would only look like protection. */
    @Test
    void shouldRefuseCredentialsInTheEmbeddedModeNamingTheProperty() {
        AdapterSettings embedded = AdapterSettings.of("embedded", "", "", "b", NONE, "", "", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> embedded.withCredentials("AK", "SK"));
        assertTrue(e.getMessage().startsWith("property accessKey") && e.getMessage().contains("mode=remote"),
                e.getMessage());
        assertNull(embedded.withCredentials("", "").credentials());
    }

    @Test
    void shouldRefuseAnUnknownModeNamingTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdapterSettings.of("clustered", "", "", "b", NONE, "", "", ""));
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
            AdapterSettings s = AdapterSettings.of("embedded", "", "", "b", NONE, "", "", "");
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
                NONE, "", "1s,5s", "defaultTopicQueueNums=4; transactionTimeout=3s");
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
                () -> AdapterSettings.of("embedded", "", "", "b", NONE, "", "",
                        "indexHashSlots"));
        assertTrue(e.getMessage().contains("property brokerSettings"), e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownEngineSettingWhenTheBrokerStarts(@TempDir Path dir) {
        AdapterSettings s = AdapterSettings.of("embedded", dir.toString(), "", "b", NONE, "", "",
                "flushEvery=2s");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmbeddedBroker.start(s));
        assertTrue(e.getMessage().contains("flushEvery"), e.getMessage());
    }
}
