package io.capsulemq.client.remote;

import io.capsulemq.client.gateway.GatewayException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PopReceiptTest {
    @Test
    void shouldReadBackTheHandleItWrites() {
        PopReceipt receipt = new PopReceipt(40, 1_700_000_000_000L, 30_000, 3, PopReceipt.NORMAL, "broker-a", 2, 42);
        assertEquals("40 1700000000000 30000 3 0 broker-a 2 42", receipt.handle());
        assertEquals(receipt, PopReceipt.parse(receipt.handle()));
    }

    @Test
    void shouldKeepFieldsABrokerAppendsAndSendThemBack() {
        String handle = "40 1700000000000 30000 999 0 broker-a 2 42 cmVjZWlwdA";
        PopReceipt receipt = PopReceipt.parse(handle);
        assertEquals("broker-a", receipt.brokerName());
        assertEquals(42, receipt.queueOffset());
        assertEquals(handle, receipt.handle());
    }

    @Test
    void shouldNameTheTopicAMessageIsHeldInFromWhereItWasPopped() {
        assertEquals(PopReceipt.NORMAL, PopReceipt.retryOf("orders"));
        assertEquals(PopReceipt.RETRY_V1, PopReceipt.retryOf("%RETRY%g_orders"));
        assertEquals(PopReceipt.RETRY_V2, PopReceipt.retryOf("%RETRY%g+orders"));
        assertEquals("orders", PopReceipt.parse("1 2 3 4 0 b 0 1").realTopic("orders", "g"));
        assertEquals("%RETRY%g_orders", PopReceipt.parse("1 2 3 4 1 b 0 1").realTopic("orders", "g"));
        assertEquals("%RETRY%g+orders", PopReceipt.parse("1 2 3 4 2 b 0 1").realTopic("orders", "g"));
    }

    @Test
    void shouldRefuseAHandleItDidNotIssue() {
        GatewayException e = assertThrows(GatewayException.class, () -> PopReceipt.parse("1 2 3"));
        assertEquals(GatewayException.Kind.ILLEGAL_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("'1 2 3'") && e.getMessage().contains("3 fields"), e.getMessage());
        assertThrows(GatewayException.class, () -> PopReceipt.parse("a 2 3 4 0 b 0 1"));
    }
}
