package io.capsulemq.client.remote;

import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemoteEndpointTest {
    @Test
    void shouldTakeOneOrMoreNameServerAddresses() {
        assertEquals(List.of("127.0.0.1:9876"), RemoteEndpoint.parse("127.0.0.1:9876").nameServers());
        assertEquals(List.of("ns1.example.com:9876", "10.0.0.2:9876", "[::1]:9876"),
                RemoteEndpoint.parse(" ns1.example.com:9876; 10.0.0.2:9876;[::1]:9876;10.0.0.2:9876 ")
                        .nameServers());
    }

    @Test
    void shouldTellNameServerAddressesFromOtherEndpoints() {
        assertTrue(RemoteEndpoint.matches("localhost:9876"));
        assertTrue(RemoteEndpoint.matches("10.0.0.1:9876;10.0.0.2:9876"));
        assertFalse(RemoteEndpoint.matches("local"));
        assertFalse(RemoteEndpoint.matches("local:/tmp/data"));
        assertFalse(RemoteEndpoint.matches("http://10.0.0.1:9876"));
        assertFalse(RemoteEndpoint.matches("10.0.0.1:9876;"));
        assertFalse(RemoteEndpoint.matches("10.0.0.1"));
    }

    @Test
    void shouldNameTheAddressThatIsNotOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RemoteEndpoint.parse("10.0.0.1:9876;10.0.0.2"));
        assertEquals("endpoint '10.0.0.1:9876;10.0.0.2': '10.0.0.2' is not a NameServer address host:port",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RemoteEndpoint.parse("10.0.0.1:70000"));
        assertTrue(e.getMessage().contains("port 70000"), e.getMessage());
    }

    @Test
    void shouldRefuseToBuildAClientWhenNoNameServerOfItsEndpointAnswers() {
        ClientServiceProvider provider = ClientServiceProvider.loadService();
        ClientException e = assertThrows(ClientException.class, () -> provider.newProducerBuilder()
                .setClientConfiguration(ClientConfiguration.newBuilder().setEndpoints("127.0.0.1:1").build())
                .build());
        assertTrue(e.getMessage().contains("cannot reach the broker of endpoint '127.0.0.1:1'"), e.getMessage());
        assertTrue(e.getMessage().contains("no NameServer of [127.0.0.1:1] answers"), e.getMessage());
    }
}
