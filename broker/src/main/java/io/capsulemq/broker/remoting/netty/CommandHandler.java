package io.capsulemq.broker.remoting.netty;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

import java.io.IOException;

/**
 * The end of a connection's pipeline: responses go to the call waiting for them, requests to the dispatcher, and
 * the connection's opening and closing to the listeners.
 */
final class CommandHandler extends SimpleChannelInboundHandler<RemotingCommand> {
    private static final System.Logger LOG = System.getLogger(CommandHandler.class.getName());

    private final NettyConnection connection;
    private final RequestDispatcher dispatcher;
    private final ConnectionListeners listeners;

    CommandHandler(NettyConnection connection, RequestDispatcher dispatcher, ConnectionListeners listeners) {
        this.connection = connection;
        this.dispatcher = dispatcher;
        this.listeners = listeners;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        listeners.connected(connection);
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RemotingCommand command) {
        if (command.isResponse()) {
            connection.responseArrived(command);
        } else {
            dispatcher.dispatch(connection, command);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        connection.closed();
        listeners.closed(connection);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        System.Logger.Level level = cause instanceof IOException ? System.Logger.Level.DEBUG
                : System.Logger.Level.WARNING;
        LOG.log(level, "closing connection " + connection + " after an error", cause);
        ctx.close();
    }
}
