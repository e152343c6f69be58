package io.integrationsrealtime.server.internal.engine;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.channel.ChannelFutureListener;

/**
 * The end of every pipeline: a request no handler took gets HTTP 400 (netty-socketio's own
 * handler for this logged the request's path and parameters at WARN), and an exception that
 * reached this far (a reset connection, an oversized or corrupt frame, a bug) closes the
 * connection with one rate-limited line naming its type, instead of netty's WARN with a stack
 * trace.
 */
@Sharable
final class EngineFallback extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest) {
            ReferenceCountUtil.release(msg);
            ClientLog.refused("request to a path that is not the Engine.IO path");
            DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST);
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ClientLog.failed("connection pipeline", cause);
        ctx.close();
    }
}
