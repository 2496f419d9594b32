package io.capsulemq.broker.remoting.netty;

import io.capsulemq.broker.remoting.protocol.CommandCodec;
import io.capsulemq.broker.remoting.protocol.FrameDescriptor;
import io.capsulemq.broker.remoting.protocol.RemotingProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Cuts the byte stream into frames by their length field and decodes each into a command. A frame over the limit,
 * a negative length, an unknown serialize type or a malformed header closes the connection with a logged reason;
 * nothing more is read from it.
 */
final class CommandDecoder extends LengthFieldBasedFrameDecoder {
    private static final System.Logger LOG = System.getLogger(CommandDecoder.class.getName());

    private final int maxFrameBytes;
    private boolean rejected;

    CommandDecoder(int maxFrameBytes) {
        super(maxFrameBytes, FrameDescriptor.LENGTH_OFFSET, FrameDescriptor.LENGTH_SIZE, 0,
                FrameDescriptor.LENGTH_SIZE);
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (rejected) {
            in.skipBytes(in.readableBytes());
            return null;
        }
        if (in.readableBytes() >= FrameDescriptor.LENGTH_SIZE) {
            long frameBytes = FrameDescriptor.LENGTH_SIZE + (long) in.getInt(in.readerIndex());
            if (frameBytes < FrameDescriptor.LENGTH_SIZE) {
                return reject(ctx, in, "negative frame length " + (frameBytes - FrameDescriptor.LENGTH_SIZE));
            }
            if (frameBytes > maxFrameBytes) {
                return reject(ctx, in, "frame of " + frameBytes + " bytes exceeds the limit of " + maxFrameBytes);
            }
        }
        ByteBuf frame = null;
        try {
            frame = (ByteBuf) super.decode(ctx, in);
            return frame == null ? null : CommandCodec.decodeAfterLength(frame);
        } catch (RemotingProtocolException | DecoderException e) {
            return reject(ctx, in, e.getMessage());
        } finally {
            if (frame != null) {
                frame.release();
            }
        }
    }

    private Object reject(ChannelHandlerContext ctx, ByteBuf in, String reason) {
        rejected = true;
        in.skipBytes(in.readableBytes());
        LOG.log(System.Logger.Level.WARNING, "closing connection from {0}: {1}", ctx.channel().remoteAddress(),
                reason);
        ctx.close();
        return null;
    }
}
