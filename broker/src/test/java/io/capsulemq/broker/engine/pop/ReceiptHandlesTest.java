package io.capsulemq.broker.engine.pop;

import io.capsulemq.broker.engine.BrokerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class ReceiptHandlesTest {
    @TempDir
    Path dir;

    private final ReceiptHandle handle = new ReceiptHandle(3, 42, 123_456, 1_700_000_000_000L, 30_000, 77);

    @Test
    void shouldDecodeWhatItEncodedForTheSameGroupAndTopic() {
        ReceiptHandles handles = ReceiptHandles.openOrCreate(dir.resolve("key"));
        assertEquals(handle, handles.decode("g", "T", handles.encode("g", "T", handle)));
    }

    @Test
    void shouldKeepItsKeyAcrossRestartsAndRefuseAnotherBrokersHandles() {
        String text = ReceiptHandles.openOrCreate(dir.resolve("key")).encode("g", "T", handle);
        assertEquals(handle, ReceiptHandles.openOrCreate(dir.resolve("key")).decode("g", "T", text));
        assertThrows(BrokerException.class, () -> ReceiptHandles.openOrCreate(dir.resolve("other")).decode("g",
                "T", text));
        assertTrue(Files.exists(dir.resolve("key")));
    }

    @Test
    void shouldRefuseAHandleForAnotherGroupOrTopicEvenWhenTheNamesRunTogether() {
        ReceiptHandles handles = ReceiptHandles.openOrCreate(dir.resolve("key"));
        String text = handles.encode("ab", "c", handle);
        assertThrows(BrokerException.class, () -> handles.decode("a", "bc", text));
        assertThrows(BrokerException.class, () -> handles.decode("ab", "d", text));
    }

    @Test
    void shouldRefuseEveryAlteredByte() {
        ReceiptHandles handles = ReceiptHandles.openOrCreate(dir.resolve("key"));
        byte[] raw = java.util.Base64.getUrlDecoder().decode(handles.encode("g", "T", handle));
        for (int i = 0; i < raw.length; i++) {
            byte[] altered = raw.clone();
            altered[i] ^= 1;
            String text = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
            BrokerException e = assertThrows(BrokerException.class, () -> handles.decode("g", "T", text));
            assertEquals(BrokerException.Reason.NOT_FOUND, e.reason());
        }
    }
}
