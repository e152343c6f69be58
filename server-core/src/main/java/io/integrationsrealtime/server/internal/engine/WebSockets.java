package io.integrationsrealtime.server.internal.engine;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.concurrent.TimeUnit;

/**
 * The websocket transport: the upgrade of a new session or of a polling one, and its frames. A
 * text frame is one Engine.IO packet; a binary frame is binary data (the next attachment of a
 * binary Socket.IO packet), never an Engine.IO packet as netty-socketio read it.
 */
final class WebSockets {

    static final String AGGREGATOR = "engineWebSocketAggregator";

    private final ConformantEngine engine;

    WebSockets(ConformantEngine engine) {
        this.engine = engine;
    }

    /**
     * Completes the websocket handshake and binds the channel to the session: as its transport
     * when it is new ({@code handshake}), else as the probe of an upgrade from polling.
     */
    void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, EngineSession session, boolean handshake) {
        Channel channel = ctx.channel();
        try {
            WebSocketServerHandshaker handshaker = handshaker(request);
            if (handshaker == null) {
                ClientLog.refused("unsupported websocket version");
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel).addListener(ChannelFutureListener.CLOSE);
                failed(session, handshake);
                return;
            }
            if (!handshake) {
                session.websocket = channel;  // reserved now: a second upgrade for this session is refused
            }
            handshaker.handshake(channel, request).addListener(done -> {
                if (!done.isSuccess()) {
                    ClientLog.failed("websocket handshake", done.cause());
                    channel.close();
                    failed(session, handshake);
                    return;
                }
                channel.pipeline().addBefore(ConformantEngine.REQUESTS, AGGREGATOR,
                        new WebSocketFrameAggregator(engine.configuration.getMaxFramePayloadLength()));
                bind(channel, session, handshake);
            });
        } catch (RuntimeException e) {
            // netty throws for a request that is not a valid websocket handshake (no key, say).
            ClientLog.refused("invalid websocket handshake");
            channel.writeAndFlush(EngineResponse.of(EngineError.BAD_REQUEST));
            failed(session, handshake);
        } finally {
            request.release();
        }
    }

    /** Completes a websocket handshake only to close the websocket (a second one for a session). */
    void openAndClose(ChannelHandlerContext ctx, FullHttpRequest request) {
        Channel channel = ctx.channel();
        try {
            WebSocketServerHandshaker handshaker = handshaker(request);
            if (handshaker == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            handshaker.handshake(channel, request).addListener(done -> {
                if (done.isSuccess()) {
                    channel.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
                } else {
                    channel.close();
                }
            });
        } catch (RuntimeException e) {
            ClientLog.refused("invalid websocket handshake");
            channel.writeAndFlush(EngineResponse.of(EngineError.BAD_REQUEST));
        } finally {
            request.release();
        }
    }

    private WebSocketServerHandshaker handshaker(FullHttpRequest request) {
        String location = (engine.secure ? "wss://" : "ws://") + request.headers().get(HttpHeaderNames.HOST) + request.uri();
        return new WebSocketServerHandshakerFactory(location, null, true, engine.configuration.getMaxFramePayloadLength())
                .newHandshaker(request);
    }

    private void bind(Channel channel, EngineSession session, boolean handshake) {
        ClientHead head = session.head;
        channel.attr(ClientHead.CLIENT).set(head);
        channel.attr(EngineSession.ON_CHANNEL).set(session);
        session.websocket = channel;
        if (!channel.isActive()) {
            session.channelClosed(channel);
            return;
        }
        head.bindChannel(channel, Transport.WEBSOCKET);
        if (!handshake) {
            // A probe that does not complete the upgrade in time is closed; polling goes on.
            channel.eventLoop().schedule(() -> {
                if (session.websocket == channel && !session.upgraded()) {
                    ClientLog.refused("websocket upgrade not completed in time");
                    channel.close();
                }
            }, engine.configuration.getUpgradeTimeout(), TimeUnit.MILLISECONDS);
        }
    }

    private static void failed(EngineSession session, boolean handshake) {
        if (handshake) {
            session.close(false);
        } else {
            session.websocket = null;
        }
    }

    /** One frame of an upgraded channel. */
    void read(ChannelHandlerContext ctx, WebSocketFrame frame) {
        Channel channel = ctx.channel();
        try {
            EngineSession session = channel.attr(EngineSession.ON_CHANNEL).get();
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                if (session == null || session.isClosed()) {
                    channel.close();
                    return;
                }
                try {
                    if (frame instanceof TextWebSocketFrame) {
                        engine.incoming.text(session, frame.content(), Transport.WEBSOCKET, channel);
                    } else {
                        engine.incoming.binary(session, ByteBufUtil.getBytes(frame.content()));
                    }
                } catch (Violation violation) {
                    ClientLog.refused(violation.cause());
                    if (channel == session.websocket && !session.upgraded()) {
                        channel.close();  // a misused probe: only the probe ends
                    } else {
                        session.close(false);
                    }
                }
            } else if (frame instanceof CloseWebSocketFrame) {
                channel.writeAndFlush(frame.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
            } else if (frame instanceof PingWebSocketFrame) {
                channel.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            }
        } finally {
            frame.release();
        }
    }
}
