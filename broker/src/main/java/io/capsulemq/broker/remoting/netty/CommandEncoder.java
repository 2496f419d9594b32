package io.capsulemq.broker.remoting.netty;

import io.capsulemq.broker.remoting.protocol.CommandCodec;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes commands as frames. A command that cannot be written fails its write (the caller's future says why); the
 * connection stays open.
 */
@ChannelHandler.Sharable
final class CommandEncoder extends MessageToByteEncoder<RemotingCommand> {
    static final CommandEncoder INSTANCE = new CommandEncoder();

    /** Room for a typical header beside the body, so most frames need no buffer growth. */
    private static final int HEADER_ALLOWANCE = 512;

    private CommandEncoder() {
        super(RemotingCommand.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RemotingCommand command, boolean preferDirect) {
        int size = HEADER_ALLOWANCE + command.body().length;
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand command, ByteBuf out) {
        CommandCodec.encode(command, out);
    }
}
