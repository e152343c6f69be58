package io.integrationsrealtime.server.internal.engine;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.handler.EncoderHandler;
import com.corundumstudio.socketio.messages.HttpErrorMessage;
import com.corundumstudio.socketio.messages.OutPacketMessage;
import com.corundumstudio.socketio.protocol.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * Writes what netty-socketio and the engine send: a client's queued packets as websocket frames
 * (text, and each binary attachment as a binary frame, as Engine.IO v4 has it) or as one
 * long-polling response (packets separated by {@code \u001e}, attachments as {@code b<base64>}),
 * and the engine's plain HTTP answers. Every HTTP response says {@code Connection: close} and
 * closes: a polling request is bound to the session it serves, so its connection is not reused.
 */
@Sharable
final class EngineEncoder extends ChannelOutboundHandlerAdapter {

    private static final byte SEPARATOR = 0x1e;
    /** How much later than a CONNECT reply its connect listeners' packets go out (see {@link EngineSession#holdWrites}). */
    static final long HELD_WRITE_DELAY_MICROS = 1000;

    private final Configuration configuration;
    private final PacketWriter writer;
    private final boolean direct;

    EngineEncoder(Configuration configuration, PacketWriter writer) {
        this.configuration = configuration;
        this.writer = writer;
        this.direct = configuration.isPreferDirectBuffer();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof OutPacketMessage out) {
            if (out.getTransport() == Transport.WEBSOCKET) {
                EngineSession session = ctx.channel().attr(EngineSession.ON_CHANNEL).get();
                if (session != null && session.holdWrites) {
                    ctx.executor().schedule(() -> writeFramesSafely(ctx, out.getClientHead(), promise),
                            HELD_WRITE_DELAY_MICROS, TimeUnit.MICROSECONDS);
                    return;
                }
                writeFrames(ctx, out.getClientHead(), promise);
            } else {
                writePoll(ctx, out.getClientHead(), promise);
            }
        } else if (msg instanceof EngineResponse response) {
            respond(ctx, response.status, response.contentType, Unpooled.wrappedBuffer(response.body), promise);
        } else if (msg instanceof HttpErrorMessage error) {
            ByteBuf body = ctx.alloc().heapBuffer();
            configuration.getJsonSupport().writeValue(new io.netty.buffer.ByteBufOutputStream(body), error.getData());
            respond(ctx, HttpResponseStatus.BAD_REQUEST, "application/json", body, promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    private void writeFrames(ChannelHandlerContext ctx, ClientHead head, ChannelPromise promise) throws IOException {
        Queue<Packet> queue = head.getPacketsQueue(Transport.WEBSOCKET);
        Packet packet = queue.poll();
        if (packet == null) {
            promise.trySuccess();
            return;
        }
        while (packet != null) {
            ByteBuf text = writer.write(packet, ctx.alloc(), direct);
            List<byte[]> attachments = writer.attachments(packet);
            Packet next = queue.poll();
            boolean last = next == null && attachments.isEmpty();
            ctx.write(new TextWebSocketFrame(text), last ? promise : ctx.voidPromise());
            for (int i = 0, n = attachments.size(); i < n; i++) {
                boolean lastFrame = next == null && i == n - 1;
                ctx.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(attachments.get(i))), lastFrame ? promise : ctx.voidPromise());
            }
            packet = next;
        }
        ctx.flush();
    }

    private void writeFramesSafely(ChannelHandlerContext ctx, ClientHead head, ChannelPromise promise) {
        try {
            writeFrames(ctx, head, promise);
        } catch (IOException | RuntimeException e) {
            promise.tryFailure(e);
            ClientLog.failed("writing packets", e);
            ctx.close();
        }
    }

    private void writePoll(ChannelHandlerContext ctx, ClientHead head, ChannelPromise promise) throws IOException {
        Queue<Packet> queue = head.getPacketsQueue(Transport.POLLING);
        if (!ctx.channel().isActive() || queue.isEmpty()
                || !ctx.channel().attr(EncoderHandler.WRITE_ONCE).compareAndSet(null, true)) {
            promise.trySuccess();
            return;
        }
        ByteBuf body = direct ? ctx.alloc().ioBuffer() : ctx.alloc().heapBuffer();
        try {
            Packet packet;
            while ((packet = queue.poll()) != null) {
                if (body.isReadable()) {
                    body.writeByte(SEPARATOR);
                }
                ByteBuf text = writer.write(packet, ctx.alloc(), direct);
                body.writeBytes(text);
                text.release();
                for (byte[] attachment : writer.attachments(packet)) {
                    body.writeByte(SEPARATOR).writeByte('b');
                    body.writeBytes(Base64.getEncoder().encode(ByteBuffer.wrap(attachment)));
                }
            }
        } catch (IOException | RuntimeException e) {
            body.release();
            throw e;
        }
        respond(ctx, HttpResponseStatus.OK, "text/plain; charset=UTF-8", body, promise);
    }

    private void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String contentType, ByteBuf body,
                         ChannelPromise promise) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        Cors.addHeaders(headers, configuration, ctx.channel().attr(EncoderHandler.ORIGIN).get());
        ctx.writeAndFlush(response, promise).addListener(ChannelFutureListener.CLOSE);
    }
}
