package io.integrationsrealtime.server.internal.engine;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.EncoderHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.util.Base64;

/**
 * HTTP long-polling for an existing session: a GET waits for the session's packets, a POST
 * carries the client's packets (separated by {@code \u001e}; binary ones as {@code b<base64>}).
 */
final class Polling {

    private static final byte SEPARATOR = 0x1e;

    private final ConformantEngine engine;

    Polling(ConformantEngine engine) {
        this.engine = engine;
    }

    /** Binds the GET to the session; it is answered when the session has packets to send. */
    void poll(ChannelHandlerContext ctx, EngineSession session) {
        Channel previous = session.pendingPoll;
        if (previous != null && previous.isActive() && previous.attr(EncoderHandler.WRITE_ONCE).get() == null) {
            // Two polls at once: the reference server ends the session.
            ClientLog.refused("overlapping polling requests");
            ctx.channel().writeAndFlush(EngineResponse.of(EngineError.BAD_REQUEST));
            session.close(false);
            return;
        }
        Channel channel = ctx.channel();
        channel.attr(EngineSession.ON_CHANNEL).set(session);
        session.pendingPoll = channel;
        if (session.closingByClient) {
            session.close(true);  // this poll gets the noop
            return;
        }
        session.head.bindChannel(channel, Transport.POLLING);
    }

    /** Answers the POST, then reads its packets; a protocol violation ends the session. */
    void post(ChannelHandlerContext ctx, EngineSession session, ByteBuf content) {
        ctx.channel().writeAndFlush(EngineResponse.OK);
        try {
            synchronized (session) {
                read(session, content);
            }
        } catch (Violation violation) {
            ClientLog.refused(violation.cause());
            session.close(false);
        }
    }

    private void read(EngineSession session, ByteBuf content) {
        int end = content.writerIndex();
        int start = content.readerIndex();
        while (start <= end && !session.isClosed()) {
            int separator = content.indexOf(start, end, SEPARATOR);
            int packetEnd = separator < 0 ? end : separator;
            ByteBuf packet = content.slice(start, packetEnd - start);
            if (packet.isReadable() && packet.getByte(0) == 'b') {
                engine.incoming.binary(session, base64(packet));
            } else {
                engine.incoming.text(session, packet, Transport.POLLING, null);
            }
            if (separator < 0) {
                break;
            }
            start = separator + 1;
        }
    }

    private static byte[] base64(ByteBuf packet) {
        byte[] encoded = new byte[packet.readableBytes() - 1];
        packet.getBytes(1, encoded);
        try {
            // Lenient as the reference server: socket.io-client-java ends its base64 with a line break.
            return Base64.getMimeDecoder().decode(encoded);
        } catch (IllegalArgumentException notBase64) {
            throw Violation.MALFORMED_BASE64;
        }
    }
}
