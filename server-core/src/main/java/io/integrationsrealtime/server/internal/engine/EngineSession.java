package io.integrationsrealtime.server.internal.engine;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.handler.EncoderHandler;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.AttributeKey;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One Engine.IO session: its netty-socketio {@link ClientHead} (packet queues, namespaces), the
 * transport channels bound to it, the heartbeat and the connect timeout, and the one way it ends.
 *
 * <p>The heartbeat is Engine.IO v4's: the server sends a ping every {@code pingInterval} and
 * closes the session when no pong follows within {@code pingTimeout}. It runs on an event loop
 * (millisecond-precise), not on netty-socketio's wheel timer, whose 100 ms ticks made sessions
 * outlive their timeout.
 */
final class EngineSession {

    /** The session of a websocket channel (set once its upgrade succeeded). */
    static final AttributeKey<EngineSession> ON_CHANNEL = AttributeKey.valueOf("integrations.engineSession");
    private static final long CLOSE_GRACE_MILLIS = 100;

    final ClientHead head;
    private final ConformantEngine engine;
    private final EventLoop timers;
    // Plain fields set once through updaters, not two AtomicBoolean objects: 32 bytes less per connection.
    private static final AtomicIntegerFieldUpdater<EngineSession> CLOSED =
            AtomicIntegerFieldUpdater.newUpdater(EngineSession.class, "closed");
    private static final AtomicIntegerFieldUpdater<EngineSession> CLEANED_UP =
            AtomicIntegerFieldUpdater.newUpdater(EngineSession.class, "cleanedUp");
    private volatile int closed;
    private volatile int cleanedUp;

    /** The websocket bound to this session: a probe while the transport is still polling, else the transport. */
    volatile Channel websocket;
    /** The long-polling GET waiting for packets, if any. */
    volatile Channel pendingPoll;
    /** Whether a namespace was ever connected (the connect timeout is then off). */
    volatile boolean joined;
    /**
     * While connect listeners run: what they send goes out in a later event-loop task than the
     * CONNECT reply, as from the reference server, whose websocket writes one batch at a time.
     * A client that handles one message per turn of its event loop (the official test suite
     * does) would otherwise miss the second of two frames that arrive in one read.
     */
    volatile boolean holdWrites;
    /** The client sent a close packet; the session ends within {@link #CLOSE_GRACE_MILLIS}. */
    volatile boolean closingByClient;
    /** The namespace of the session's latest event or ack, tried first for the next one (a hint, checked before use). */
    Namespace lastNamespace;
    /** A binary packet waiting for its attachments (read on one thread at a time, see {@link IncomingPackets}). */
    IncomingBinary partial;

    private ScheduledFuture<?> heartbeat;
    private boolean awaitingPong;
    /** When the awaited pong is overdue ({@code pingTimeout} after the ping went out); 0 when none is awaited. */
    private volatile long pongDeadline;

    EngineSession(ClientHead head, ConformantEngine engine, EventLoop timers) {
        this.head = head;
        this.engine = engine;
        this.timers = timers;
    }

    /** Replaces netty-socketio's heartbeat (which the handshake started) with this session's. */
    void start() {
        head.cancelPing();
        head.cancelPingTimeout();
        synchronized (this) {
            schedulePing();
        }
        timers.schedule(() -> {
            if (!joined) {
                ClientLog.refused("no namespace CONNECT within the connect timeout");
                close(false);
            }
        }, engine.connectTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    boolean isClosed() {
        return closed != 0;
    }

    boolean upgraded() {
        return head.getCurrentTransport() == Transport.WEBSOCKET;
    }

    private void ping() {
        synchronized (this) {
            if (closed != 0) {
                return;
            }
            awaitingPong = true;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(engine.pingTimeoutMillis);
            pongDeadline = deadline == 0 ? 1 : deadline;
            heartbeat = timers.schedule(this::pingTimedOut, engine.pingTimeoutMillis, TimeUnit.MILLISECONDS);
        }
        if (!head.isConnected()) {
            // netty-socketio ended the client (ClientHead.disconnect) while no namespace was connected.
            close(false);
            return;
        }
        head.send(new Packet(PacketType.PING, EngineIOVersion.V4));
    }

    private void pingTimedOut() {
        ClientLog.refused("ping timeout");
        close(false);
    }

    /** A pong: the next ping after {@code pingInterval}. A pong nobody asked for changes nothing. */
    void pong() {
        synchronized (this) {
            if (!awaitingPong || closed != 0) {
                return;
            }
            awaitingPong = false;
            pongDeadline = 0;
            heartbeat.cancel(false);
            schedulePing();
        }
    }

    /** Under this session's lock. */
    private void schedulePing() {
        heartbeat = timers.schedule(this::ping, engine.pingIntervalMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Whether the awaited pong is overdue although the timer has not fired yet (event loops run
     * late under load): a request that finds this closes the session, as it would have been, so
     * that the deadline is {@code pingTimeout} after the ping, not whenever the timer runs.
     */
    boolean pongOverdue() {
        long deadline = pongDeadline;
        return deadline != 0 && System.nanoTime() - deadline >= 0;
    }

    /**
     * The client's close packet arrived by POST while no poll was waiting: the session ends after
     * a short grace, so that a poll the client sent just before (on another connection, which
     * this server may read a moment later) still gets its noop, as the reference server's
     * single-threaded loop gives it. A poll arriving meanwhile ends the session at once.
     */
    void closeByClientSoon() {
        closingByClient = true;
        timers.schedule(() -> close(true), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Ends the session once: the pending poll gets a noop (the client closed) or a close packet,
     * every namespace sees its disconnect, netty-socketio forgets the client, and a websocket is
     * closed with a close frame.
     */
    void close(boolean byClient) {
        if (!CLOSED.compareAndSet(this, 0, 1)) {
            return;
        }
        synchronized (this) {
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
        }
        Channel poll = pendingPoll;
        if (poll != null && poll.attr(EncoderHandler.WRITE_ONCE).compareAndSet(null, true)) {
            poll.writeAndFlush(byClient ? EngineResponse.NOOP : EngineResponse.CLOSE);
        }
        if (head.isConnected()) {
            head.onChannelDisconnect();  // each namespace's disconnect listeners
        }
        cleanUp();
        engine.sessions.remove(head.getSessionId(), this);
        Channel socket = websocket;
        if (socket != null && socket.isActive()) {
            if (holdWrites) {
                // After the packets connect listeners sent, which go out a little later.
                socket.eventLoop().schedule(() -> closeWebSocket(socket), EngineEncoder.HELD_WRITE_DELAY_MICROS,
                        TimeUnit.MICROSECONDS);
            } else {
                closeWebSocket(socket);
            }
        }
    }

    private static void closeWebSocket(Channel socket) {
        socket.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
    }

    /** What netty-socketio's own initializer does when a client is gone, once. */
    void cleanUp() {
        if (CLEANED_UP.compareAndSet(this, 0, 1)) {
            engine.forget(head);
        }
    }

    /** A channel of this session closed. */
    void channelClosed(Channel channel) {
        if (channel == pendingPoll) {
            pendingPoll = null;
            head.releasePollingChannel(channel);
        }
        if (channel == websocket) {
            if (upgraded()) {
                close(false);
            } else {
                websocket = null;  // a probe that never completed the upgrade: polling goes on
            }
        }
    }
}
