package io.integrationsrealtime.server.internal.engine;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import com.corundumstudio.socketio.transport.NamespaceClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * One event packet for many sockets of a namespace (a room's members), written once. Each
 * websocket gets it from its own event loop, in one task per loop for all its sockets.
 *
 * <p>Why: netty-socketio sends a packet to a socket by putting it on the socket's queue and
 * handing the channel a write task; called from another thread, that is a task object, a queue
 * node and a cross-thread hand-off per socket. With 10,000 subscribers to a webhook that was most
 * of the server's own (non-kernel) CPU per delivery, and the queue nodes, linked from long-lived
 * sockets, kept G1's card refinement busy. A server's websocket frames are not masked, so without
 * a per-message extension (compression: each socket's own deflate state) the whole frame is the
 * same bytes for every socket; it is made once too, instead of a header buffer, a copy of the text
 * and a leak-detection sample per socket in netty's frame encoder.
 *
 * <p>Order: a socket whose queue still holds packets when its loop gets to it (or whose writes are
 * {@linkplain EngineSession#holdWrites held}) gets the packet through netty-socketio's queue,
 * behind them. So everything sent to a socket before {@link #send()} reaches it first; as before,
 * packets of other threads sent meanwhile have no order with this one. Sockets on long-polling,
 * still upgrading, or not served by this engine are refused by {@link #add}: send them the packet
 * as usual.
 *
 * <p>Not thread-safe: one thread adds and sends; the loops only read what was handed to them.
 */
public final class EventFanOut {

    private final ConformantEngine engine;
    private final Namespace namespace;
    private final Packet packet;
    private final List<Batch> batches = new ArrayList<>(4);
    private Batch last;

    EventFanOut(ConformantEngine engine, Namespace namespace, Packet packet) {
        this.engine = engine;
        this.namespace = namespace;
        this.packet = packet;
    }

    /** The EVENT packet {@code NamespaceClient.sendEvent(event, argument)} makes, once for every socket. */
    static Packet eventPacket(String namespace, String event, Object argument) {
        Packet packet = new Packet(PacketType.MESSAGE, EngineIOVersion.V4);
        packet.setSubType(PacketType.EVENT);
        packet.setName(event);
        packet.setData(List.of(argument));
        packet.setNsp(namespace);
        return packet;
    }

    /**
     * Takes {@code client} for this fan-out when it is on a websocket of this engine.
     *
     * @param client a socket of the fan-out's namespace
     * @return false when the caller must send the packet to it itself
     */
    public boolean add(SocketIOClient client) {
        if (!(client instanceof NamespaceClient member) || member.getNamespace() != namespace) {
            return false;
        }
        ClientHead head = member.getBaseClient();
        EngineSession session = engine.sessions.get(head.getSessionId());
        Channel channel = session == null ? null : session.websocket;
        if (channel == null || !session.upgraded()) {
            return false;
        }
        EventLoop loop = channel.eventLoop();
        Batch batch = last != null && last.loop == loop ? last : batchOf(loop);
        batch.members.add(member);
        batch.sessions.add(session);
        last = batch;
        return true;
    }

    /** Writes the packet once and hands each event loop its sockets; nothing to do when none were added. */
    public void send() {
        if (batches.isEmpty()) {
            return;
        }
        ByteBuf text = engine.writeOnce(packet);
        boolean whole = text != null && !engine.configuration.isWebsocketCompression();
        if (whole) {
            ByteBuf frame = wholeTextFrame(text);
            text.release();
            text = frame;
        }
        for (Batch batch : batches) {
            ByteBuf shared = text == null ? null : text.retain();
            try {
                batch.loop.execute(() -> batch.write(shared, whole, packet, namespace));
            } catch (RejectedExecutionException shutDown) {
                if (shared != null) {
                    shared.release();   // the server is stopping: its sockets are closing anyway
                }
            }
        }
        if (text != null) {
            text.release();
        }
    }

    /**
     * {@code payload} as a server's websocket text frame (RFC 6455 section 5.2: final, not masked,
     * no extension bits), header and payload in one buffer.
     */
    static ByteBuf wholeTextFrame(ByteBuf payload) {
        int length = payload.readableBytes();
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf frame = payload.isDirect()
                ? ByteBufAllocator.DEFAULT.directBuffer(header + length)
                : ByteBufAllocator.DEFAULT.heapBuffer(header + length);
        frame.writeByte(0x81);   // FIN, opcode 1 (text)
        if (length < 126) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(126).writeShort(length);
        } else {
            frame.writeByte(127).writeLong(length);
        }
        return frame.writeBytes(payload, payload.readerIndex(), length);
    }

    private Batch batchOf(EventLoop loop) {
        for (Batch batch : batches) {
            if (batch.loop == loop) {
                return batch;
            }
        }
        Batch batch = new Batch(loop);
        batches.add(batch);
        return batch;
    }

    /** The sockets of one event loop. */
    private static final class Batch {
        final EventLoop loop;
        final List<NamespaceClient> members = new ArrayList<>();
        final List<EngineSession> sessions = new ArrayList<>();

        Batch(EventLoop loop) {
            this.loop = loop;
        }

        /**
         * On {@link #loop}: each socket gets the shared frame ({@code whole}) or text, or the packet
         * through its queue.
         */
        void write(ByteBuf text, boolean whole, Packet packet, Namespace namespace) {
            try {
                for (int i = 0, n = members.size(); i < n; i++) {
                    try {
                        write(members.get(i), sessions.get(i), text, whole, packet, namespace);
                    } catch (RuntimeException e) {
                        ClientLog.failed("sending a room event", e);   // the other sockets still get it
                    }
                }
            } finally {
                if (text != null) {
                    text.release();
                }
            }
        }

        private void write(NamespaceClient member, EngineSession session, ByteBuf text, boolean whole, Packet packet,
                Namespace namespace) {
            ClientHead head = member.getBaseClient();
            Channel channel = session.websocket;
            if (text != null && channel != null && channel.eventLoop() == loop && !session.holdWrites
                    && head.isConnected() && head.getChildClient(namespace) == member
                    && head.getPacketsQueue(Transport.WEBSOCKET).isEmpty()) {
                if (channel.isActive()) {
                    // A whole frame passes the frame encoders untouched (they take WebSocketFrames only).
                    Object message = whole ? text.retainedDuplicate() : new TextWebSocketFrame(text.retainedDuplicate());
                    channel.writeAndFlush(message, channel.voidPromise());
                }
            } else {
                member.send(packet);   // checks the namespace is still connected, as sendEvent does
            }
        }
    }
}
