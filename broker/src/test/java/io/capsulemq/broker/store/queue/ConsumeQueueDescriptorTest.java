package io.capsulemq.broker.store.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ConsumeQueueDescriptorTest {

    @Test
    void shouldZeroPadFileNamesToTwentyDigits() {
        assertEquals("00000000000000000000", ConsumeQueueDescriptor.fileName(0));
        assertEquals("00000000000000300000", ConsumeQueueDescriptor.fileName(300_000));
    }

    @Test
    void shouldParseOnlySegmentFileNames() {
        assertEquals(OptionalLong.of(300_000), ConsumeQueueDescriptor.parseFileName("00000000000000300000"));
        assertTrue(ConsumeQueueDescriptor.parseFileName("300000").isEmpty());
        assertTrue(ConsumeQueueDescriptor.parseFileName("0000000000000030000x").isEmpty());
        assertTrue(ConsumeQueueDescriptor.parseFileName("99999999999999999999").isEmpty());
    }

    @Test
    void shouldRefuseSegmentsTooLargeToMap() {
        assertEquals(16 * 20, ConsumeQueueDescriptor.segmentBytes(16));
        assertThrows(IllegalArgumentException.class,
                () -> ConsumeQueueDescriptor.segmentBytes(ConsumeQueueDescriptor.MAX_ENTRIES_PER_SEGMENT + 1));
        assertThrows(IllegalArgumentException.class, () -> ConsumeQueueDescriptor.segmentBytes(0));
    }
}
