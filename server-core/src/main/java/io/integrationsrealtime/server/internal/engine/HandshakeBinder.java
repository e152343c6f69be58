package io.integrationsrealtime.server.internal.engine;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Sits right after netty-socketio's handshake handler, which creates the client (session id,
 * authorization listener, the open packet on its queue) and passes the request on: this starts
 * the engine session and its transport. Unlike netty-socketio's transports it connects no
 * namespace: Socket.IO v5 clients connect each one, the main namespace included, with a CONNECT
 * packet that carries their {@code auth} payload.
 */
@Sharable
final class HandshakeBinder extends ChannelInboundHandlerAdapter {

    private final ConformantEngine engine;

    HandshakeBinder(ConformantEngine engine) {
        this.engine = engine;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ClientHead head = msg instanceof FullHttpRequest ? ctx.channel().attr(ClientHead.CLIENT).get() : null;
        if (head == null || engine.sessions.containsKey(head.getSessionId())) {
            ctx.fireChannelRead(msg);  // not a handshake that netty-socketio accepted
            return;
        }
        FullHttpRequest request = (FullHttpRequest) msg;
        EngineSession session = engine.open(head, ctx.channel().eventLoop());
        if (head.getCurrentTransport() == Transport.WEBSOCKET) {
            engine.webSockets.upgrade(ctx, request, session, true);
        } else {
            try {
                engine.polling.poll(ctx, session);
            } finally {
                request.release();
            }
        }
    }
}
