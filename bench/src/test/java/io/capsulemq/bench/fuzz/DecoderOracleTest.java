package io.capsulemq.bench.fuzz;

import io.capsulemq.broker.remoting.protocol.CommandCodec;
import io.capsulemq.broker.remoting.protocol.FrameDescriptor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The fuzzer's model of the server's frame decoder, which decides what the server is expected to do. */
class DecoderOracleTest {
    private final DecoderOracle oracle = new DecoderOracle(FrameDescriptor.DEFAULT_MAX_FRAME_BYTES);
    private final byte[] frame = CommandCodec.encode(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO)
            .opaque(7).build());

    @Test
    void shouldReadWholeFramesAsCommandsAndEndCleanly() {
        byte[] two = Arrays.copyOf(frame, frame.length * 2);
        System.arraycopy(frame, 0, two, frame.length, frame.length);

        DecoderOracle.Prediction prediction = oracle.predict(two);

        assertEquals(DecoderOracle.Ending.CLEAN, prediction.ending());
        assertEquals(2, prediction.commands().size());
        assertEquals(7, prediction.commands().get(1).opaque());
        assertNull(prediction.codecFault());
    }

    @Test
    void shouldExpectTheServerToWaitForTheRestOfAFrameCutShort() {
        assertEquals(DecoderOracle.Ending.PARTIAL, oracle.predict(Arrays.copyOf(frame, frame.length - 1)).ending());
        assertEquals(DecoderOracle.Ending.PARTIAL, oracle.predict(Arrays.copyOf(frame, 3)).ending());
    }

    @Test
    void shouldExpectTheServerToCloseOnANegativeOrOverLimitLengthOrAnUnknownHeaderType() {
        assertEquals(DecoderOracle.Ending.REJECTED, oracle.predict(withInt(frame, 0, -1)).ending());
        assertEquals(DecoderOracle.Ending.REJECTED,
                oracle.predict(withInt(frame, 0, FrameDescriptor.DEFAULT_MAX_FRAME_BYTES - 3)).ending());
        int headerInfo = ByteBuffer.wrap(frame).getInt(FrameDescriptor.HEADER_INFO_OFFSET);
        assertEquals(DecoderOracle.Ending.REJECTED, oracle.predict(withInt(frame, FrameDescriptor.HEADER_INFO_OFFSET,
                headerInfo | (9 << FrameDescriptor.SERIALIZE_TYPE_SHIFT))).ending());
    }

    private static byte[] withInt(byte[] bytes, int offset, int value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).putInt(offset, value);
        return copy;
    }
}
