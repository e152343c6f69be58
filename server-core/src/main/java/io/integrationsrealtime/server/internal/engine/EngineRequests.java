package io.integrationsrealtime.server.internal.engine;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.EncoderHandler;
import com.corundumstudio.socketio.scheduler.SchedulerKey;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The first engine handler of every connection: checks each HTTP request to the Engine.IO path
 * against the protocol before netty-socketio sees it, and serves the requests of existing sessions
 * (polls, posts, websocket upgrades). New sessions (no {@code sid}) go on to netty-socketio's
 * handshake; requests to other paths go on unchanged. Websocket frames go to {@link WebSockets}.
 *
 * <p>A request the protocol refuses gets the Engine.IO error answer (HTTP 400 and
 * {@code {"code","message"}}) and its connection is closed; the log gets one line per cause
 * ({@link ClientLog}), never the request's text.
 */
@Sharable
final class EngineRequests extends ChannelInboundHandlerAdapter {

    private final ConformantEngine engine;
    private final String path;

    EngineRequests(ConformantEngine engine, String path) {
        this.engine = engine;
        this.path = path;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WebSocketFrame frame) {
            engine.webSockets.read(ctx, frame);
            return;
        }
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        // netty-socketio closes a connection that sends nothing within firstDataTimeout, and stops
        // that timer when its handshake handler reads a request; this handler reads most of them.
        engine.scheduler.cancel(new SchedulerKey(SchedulerKey.Type.PING_TIMEOUT, ctx.channel()));
        if (request.decoderResult().isFailure()) {
            refuse(ctx, request, EngineError.BAD_REQUEST, "malformed HTTP request");
            return;
        }
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String requestPath = query.path();
        if (!requestPath.equals(path)) {
            ctx.fireChannelRead(request);  // not Engine.IO: the host's handlers, or a 400
            return;
        }
        ctx.channel().attr(EncoderHandler.ORIGIN).set(request.headers().get(HttpHeaderNames.ORIGIN));
        if (request.method().equals(HttpMethod.OPTIONS)) {
            request.release();
            ctx.channel().writeAndFlush(EngineResponse.PREFLIGHT);
            return;
        }
        Map<String, List<String>> params = query.parameters();
        if (!"4".equals(single(params, "EIO"))) {
            refuse(ctx, request, EngineError.UNSUPPORTED_PROTOCOL_VERSION, "missing or unsupported EIO version");
            return;
        }
        Transport transport = transport(single(params, "transport"));
        if (transport == null || !engine.configuration.getTransports().contains(transport)) {
            refuse(ctx, request, EngineError.UNKNOWN_TRANSPORT, "unknown transport");
            return;
        }
        boolean upgrade = isWebSocketUpgrade(request);
        if (upgrade != (transport == Transport.WEBSOCKET)) {
            refuse(ctx, request, EngineError.BAD_REQUEST, "websocket transport without an upgrade, or the reverse");
            return;
        }
        String sid = single(params, "sid");
        if (sid == null) {
            if (!request.method().equals(HttpMethod.GET)) {
                refuse(ctx, request, EngineError.BAD_HANDSHAKE_METHOD, "handshake that is not a GET");
                return;
            }
            ctx.fireChannelRead(request);  // netty-socketio's handshake, then HandshakeBinder
            return;
        }
        UUID id = parse(sid);
        EngineSession session = id == null ? null : engine.sessions.get(id);
        if (session == null || session.isClosed()) {
            refuse(ctx, request, EngineError.UNKNOWN_SID, "unknown or malformed sid");
            return;
        }
        if (transport == Transport.WEBSOCKET) {
            if (session.websocket != null || session.upgraded()) {
                // As the reference server: the websocket opens and is closed at once.
                ClientLog.refused("second websocket for a session");
                engine.webSockets.openAndClose(ctx, request);
            } else {
                engine.webSockets.upgrade(ctx, request, session, false);
            }
            return;
        }
        Channel probe = session.websocket;
        if (probe != null && !probe.eventLoop().inEventLoop()) {
            // An upgrade is under way: decide on the probe's event loop, after the frames it has
            // already received (an upgrade packet sent before this request makes polling refused).
            probe.eventLoop().execute(() -> polling(ctx, request, session));
        } else {
            polling(ctx, request, session);
        }
    }

    private void polling(ChannelHandlerContext ctx, FullHttpRequest request, EngineSession session) {
        if (session.pongOverdue()) {
            ClientLog.refused("ping timeout");
            session.close(false);
        }
        if (session.isClosed()) {
            refuse(ctx, request, EngineError.UNKNOWN_SID, "unknown or malformed sid");
            return;
        }
        if (session.upgraded()) {
            refuse(ctx, request, EngineError.BAD_REQUEST, "polling request for a session whose transport is a websocket");
            return;
        }
        try {
            if (request.method().equals(HttpMethod.GET)) {
                engine.polling.poll(ctx, session);
            } else if (request.method().equals(HttpMethod.POST)) {
                engine.polling.post(ctx, session, request.content());
            } else {
                refuse(ctx, null, EngineError.BAD_REQUEST, "polling request that is neither GET nor POST");
            }
        } finally {
            request.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        EngineSession session = ctx.channel().attr(EngineSession.ON_CHANNEL).get();
        if (session != null) {
            session.channelClosed(ctx.channel());
        }
        super.channelInactive(ctx);
    }

    private static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, EngineError error, String cause) {
        if (request != null) {
            request.release();
        }
        ClientLog.refused(cause);
        ctx.channel().writeAndFlush(EngineResponse.of(error));
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Transport transport(String name) {
        if ("websocket".equals(name)) {
            return Transport.WEBSOCKET;
        }
        return "polling".equals(name) ? Transport.POLLING : null;
    }

    private static boolean isWebSocketUpgrade(FullHttpRequest request) {
        return request.method().equals(HttpMethod.GET)
                && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    /** The sid as a UUID, or null when it is not one (without the exception UUID.fromString throws). */
    static UUID parse(String sid) {
        if (sid.length() != 36 || sid.charAt(8) != '-' || sid.charAt(13) != '-' || sid.charAt(18) != '-'
                || sid.charAt(23) != '-') {
            return null;
        }
        for (int i = 0; i < 36; i++) {
            char c = sid.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && !(c == '-' && (i == 8 || i == 13 || i == 18 || i == 23))) {
                return null;
            }
        }
        return UUID.fromString(sid);
    }
}
