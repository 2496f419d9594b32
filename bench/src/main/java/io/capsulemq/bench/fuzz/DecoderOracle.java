package io.capsulemq.bench.fuzz;

import io.capsulemq.broker.remoting.protocol.CommandCodec;
import io.capsulemq.broker.remoting.protocol.FrameDescriptor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RemotingProtocolException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What a server's frame decoder must make of some bytes written at a frame boundary, by the transport's rules: the
 * commands it reads, then whether the bytes ended cleanly at a frame boundary, stopped inside a frame (the server
 * waits for the rest), or broke a rule that closes the connection (a negative or over-limit length, a header that
 * does not decode). The fuzzer checks the server against this.
 */
final class DecoderOracle {

    enum Ending { CLEAN, PARTIAL, REJECTED }

    /**
     * @param commands   what the server decodes, in order (those before a rejection are decoded, but their answers
     *                   may be lost when the connection closes)
     * @param ending     how the bytes end
     * @param codecFault a decoding failure other than {@link RemotingProtocolException}: a bug in the codec
     */
    record Prediction(List<RemotingCommand> commands, Ending ending, RuntimeException codecFault) {
    }

    private final int maxFrameBytes;

    DecoderOracle(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    Prediction predict(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<RemotingCommand> commands = new ArrayList<>();
        while (in.hasRemaining()) {
            if (in.remaining() < FrameDescriptor.LENGTH_SIZE) {
                return new Prediction(commands, Ending.PARTIAL, null);
            }
            int length = in.getInt(in.position());
            long frameBytes = FrameDescriptor.LENGTH_SIZE + (long) length;
            if (length < 0 || frameBytes > maxFrameBytes) {
                return new Prediction(commands, Ending.REJECTED, null);
            }
            if (in.remaining() < frameBytes) {
                return new Prediction(commands, Ending.PARTIAL, null);
            }
            byte[] frame = new byte[(int) frameBytes];
            in.get(frame);
            try {
                commands.add(CommandCodec.decode(frame));
            } catch (RemotingProtocolException e) {
                return new Prediction(commands, Ending.REJECTED, null);
            } catch (RuntimeException e) {
                return new Prediction(commands, Ending.REJECTED, e);
            }
        }
        return new Prediction(commands, Ending.CLEAN, null);
    }
}
