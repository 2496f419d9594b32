package io.capsulemq.broker.remoting.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import static io.capsulemq.broker.remoting.protocol.FrameDescriptor.HEADER_INFO_SIZE;
import static io.capsulemq.broker.remoting.protocol.FrameDescriptor.LENGTH_SIZE;

/**
 * Turns commands into frames and frames into commands; the frame layout is {@link FrameDescriptor}. The header is
 * written in the command's {@link RemotingCommand#serializeType()}; a decoded command carries the type its frame
 * used, so a response can be written the way its request was.
 */
public final class CommandCodec {
    private CommandCodec() {
    }

    /**
     * Appends the whole frame of {@code command} to {@code out}. On failure nothing is left written and a
     * {@link RemotingProtocolException} says why (a code too large for the binary header, say).
     */
    public static void encode(RemotingCommand command, ByteBuf out) {
        int start = out.writerIndex();
        try {
            out.writeInt(0);
            out.writeInt(0);
            int headerStart = out.writerIndex();
            switch (command.serializeType()) {
                case JSON -> JsonHeaderCodec.encode(command, out);
                case ROCKETMQ -> BinaryHeaderCodec.encode(command, out);
            }
            int headerLength = out.writerIndex() - headerStart;
            out.setInt(start + LENGTH_SIZE, FrameDescriptor.headerInfo(command.serializeType(), headerLength));
            out.writeBytes(command.body());
            out.setInt(start, HEADER_INFO_SIZE + headerLength + command.body().length);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e instanceof RemotingProtocolException protocol ? protocol
                    : new RemotingProtocolException("cannot encode " + command + ": " + e, e);
        }
    }

    /** The whole frame of {@code command}, length field included. */
    public static byte[] encode(RemotingCommand command) {
        ByteBuf out = Unpooled.buffer(256);
        try {
            encode(command, out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** Reads one whole frame, length field included, that fills {@code frame}'s readable bytes exactly. */
    public static RemotingCommand decode(ByteBuf frame) {
        if (frame.readableBytes() < LENGTH_SIZE) {
            throw new RemotingProtocolException("frame of " + frame.readableBytes() + " bytes has no length field");
        }
        int length = frame.readInt();
        if (length != frame.readableBytes()) {
            throw new RemotingProtocolException("frame length field says " + length + " bytes but "
                    + frame.readableBytes() + " follow it");
        }
        return decodeAfterLength(frame);
    }

    /** Reads one whole frame, length field included. */
    public static RemotingCommand decode(byte[] frame) {
        return decode(Unpooled.wrappedBuffer(frame));
    }

    /**
     * Reads the part of a frame after its length field (what a length-field frame decoder hands on), which fills
     * {@code content}'s readable bytes exactly. The body is copied out, so {@code content} may be released after.
     */
    public static RemotingCommand decodeAfterLength(ByteBuf content) {
        if (content.readableBytes() < HEADER_INFO_SIZE) {
            throw new RemotingProtocolException("frame of " + content.readableBytes()
                    + " bytes after its length field has no header length");
        }
        int headerInfo = content.readInt();
        int typeCode = FrameDescriptor.serializeTypeCode(headerInfo);
        SerializeType type = SerializeType.fromCode(typeCode).orElseThrow(
                () -> new RemotingProtocolException("unknown header serialize type " + typeCode));
        int headerLength = FrameDescriptor.headerLength(headerInfo);
        if (headerLength > content.readableBytes()) {
            throw new RemotingProtocolException("header length " + headerLength + " exceeds the "
                    + content.readableBytes() + " bytes left in the frame");
        }
        RemotingCommand.Builder builder = RemotingCommand.request(0).serializeType(type);
        ByteBuf header = content.readSlice(headerLength);
        switch (type) {
            case JSON -> JsonHeaderCodec.decode(header, builder);
            case ROCKETMQ -> BinaryHeaderCodec.decode(header, builder);
        }
        if (content.isReadable()) {
            byte[] body = new byte[content.readableBytes()];
            content.readBytes(body);
            builder.body(body);
        }
        return builder.build();
    }
}
