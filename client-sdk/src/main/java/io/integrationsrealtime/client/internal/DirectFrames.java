package io.integrationsrealtime.client.internal;

import io.socket.thread.EventThread;
import java.io.IOException;
import java.net.Socket;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * The websocket factory given to socket.io-client-java ({@code IO.Options.webSocketFactory}),
 * with a way around socket.io's EventThread for the SDK's own requests and their acks.
 *
 * <p>Why: through socket.io-client-java alone, a request crossed threads four times: the caller's
 * to the EventThread (to emit), that to OkHttp's writer; OkHttp's reader to the EventThread (to
 * decode the ack), that to the callback executor. Each crossing is a thread wake-up, and on a
 * small machine those were a large part of the client's CPU per round trip
 * (docs/benchmarks-sdk.md). Here a request goes from the caller's thread to the websocket's
 * queue ({@link #send}), and the ACK of one of the SDK's own ack ids is settled on OkHttp's
 * reading thread; everything else (events, CONNECT, pings, binary packets, acks of socket.io's
 * own ids) goes to engine.io's listener as before.
 *
 * <p>Order is kept both ways. In: a frame skips the EventThread only when every earlier frame of
 * the connection has been handled there (frames handed over are counted until they are), so an
 * ack never overtakes an event the server sent before it. Out: {@link #send} refuses while a
 * packet the SDK gave socket.io ({@link #viaEventThread}) may still be on its way.
 *
 * <p>On a plain (not TLS) connection, messages, whoever sends them, are written by a thread of
 * the client's own ({@link OwnWriterWebSocket}) rather than OkHttp's writer. The socket is the
 * one OkHttp made with this class's {@link SocketRecorder} (each websocket has a client copy of
 * its own, with a connection pool of its own so that it never takes another call's connection);
 * OkHttp offers no public way to a websocket's socket. Over TLS, or when the socket is not known
 * (e.g. a SOCKS proxy, which OkHttp connects itself), OkHttp writes as before.
 *
 * <p>Only for the websocket transport alone (the SDK's default): while engine.io upgrades from
 * polling, frames must go through it. Engine.io's heartbeat still runs on its pings, which keep
 * going through engine.io.
 */
final class DirectFrames implements WebSocket.Factory {

    private final OkHttpClient http;
    private final JacksonPacketDecoder.AckRouter acks;
    private final Supplier<Executor> writers;
    private final ScheduledExecutorService timer;
    /** The websocket while it is open, else null. */
    private final AtomicReference<OwnWriterWebSocket> open = new AtomicReference<>();
    /** Frames read and handed to the EventThread, not yet handled there. */
    private final AtomicInteger queuedIn = new AtomicInteger();
    /** Packets given to socket.io on the EventThread that may not be written yet. */
    private final AtomicInteger queuedOut = new AtomicInteger();

    /**
     * @param http   the client the websockets are made with
     * @param writers makes each websocket's writer (one task at a time). One per websocket: a
     *                write blocked on a dead connection must not hold up the next connection's.
     * @param timer   the client's timer (see {@link OwnWriterWebSocket})
     */
    DirectFrames(OkHttpClient http, JacksonPacketDecoder.AckRouter acks, Supplier<Executor> writers,
                 ScheduledExecutorService timer) {
        this.http = Objects.requireNonNull(http, "http");
        this.acks = Objects.requireNonNull(acks, "acks");
        this.writers = Objects.requireNonNull(writers, "writers");
        this.timer = Objects.requireNonNull(timer, "timer");
    }

    @Override
    public WebSocket newWebSocket(Request request, WebSocketListener listener) {
        OwnWriterWebSocket webSocket = new OwnWriterWebSocket(writers.get(), timer);
        SocketRecorder sockets = request.isHttps() ? null : new SocketRecorder(http.socketFactory());
        OkHttpClient client = sockets == null ? http
                : http.newBuilder().socketFactory(sockets).connectionPool(new ConnectionPool()).build();
        webSocket.bind(client.newWebSocket(request, new Listener(listener, webSocket, sockets)));
        return webSocket;
    }

    /** Whether {@link #send} may write now: a websocket is open and nothing of ours is queued before it. */
    boolean canSend() {
        return open.get() != null && queuedOut.get() == 0;
    }

    /**
     * Sends a Socket.IO packet as an engine.io message on the open websocket, from the caller's
     * thread (it is queued there and written by the websocket's writer).
     *
     * @return false when no websocket is open or it is closing (nothing sent)
     */
    boolean send(String packet) {
        WebSocket webSocket = open.get();
        return webSocket != null && webSocket.send("4".concat(packet));
    }

    /**
     * Runs {@code emit} (which gives socket.io a packet) on the EventThread; {@link #send} waits
     * until the packet is written. Why a tick more: engine.io may hold the packet in its write
     * buffer until its transport drains, which it does in a task already queued on that thread.
     */
    void viaEventThread(Runnable emit) {
        queuedOut.incrementAndGet();
        EventThread.exec(() -> {
            try {
                emit.run();
            } finally {
                EventThread.nextTick(queuedOut::decrementAndGet);
            }
        });
    }

    /**
     * Engine.io's listener, with the SDK's acks taken on the reading thread when nothing is
     * queued. Engine.io is given our websocket, never OkHttp's, in every call.
     */
    private final class Listener extends WebSocketListener {
        private final WebSocketListener engine;
        private final OwnWriterWebSocket own;
        private final SocketRecorder sockets;

        Listener(WebSocketListener engine, OwnWriterWebSocket own, SocketRecorder sockets) {
            this.engine = engine;
            this.own = own;
            this.sockets = sockets;
        }

        @Override
        public void onOpen(WebSocket okhttp, Response response) {
            own.bind(okhttp);  // newWebSocket may not have returned yet
            Socket socket = sockets == null ? null : sockets.theConnected();
            if (socket != null) {
                try {
                    own.attach(socket.getOutputStream());
                } catch (IOException closedAlready) {
                    // OkHttp writes, and its reader will report the failure.
                }
            }
            open.set(own);
            engine.onOpen(own, response);
        }

        @Override
        public void onMessage(WebSocket okhttp, String text) {
            // "4" is engine.io's message; JacksonPacketDecoder.routeAck takes only an ACK after it.
            if (queuedIn.get() == 0 && text.length() > 1 && text.charAt(0) == '4'
                    && JacksonPacketDecoder.routeAck(text, 1, acks)) {
                return;
            }
            toEngine(() -> engine.onMessage(own, text));
        }

        @Override
        public void onMessage(WebSocket okhttp, ByteString bytes) {
            toEngine(() -> engine.onMessage(own, bytes));
        }

        // Engine.io's listener hands the frame to the EventThread itself; from a task already on
        // that thread it runs at once, so the count drops when the frame has been handled.
        private void toEngine(Runnable frame) {
            queuedIn.incrementAndGet();
            EventThread.exec(() -> {
                try {
                    frame.run();
                } finally {
                    queuedIn.decrementAndGet();
                }
            });
        }

        @Override
        public void onClosing(WebSocket okhttp, int code, String reason) {
            open.compareAndSet(own, null);
            engine.onClosing(own, code, reason);
        }

        @Override
        public void onClosed(WebSocket okhttp, int code, String reason) {
            open.compareAndSet(own, null);
            engine.onClosed(own, code, reason);
        }

        @Override
        public void onFailure(WebSocket okhttp, Throwable t, Response response) {
            own.bind(okhttp);
            open.compareAndSet(own, null);
            engine.onFailure(own, t, response);
        }
    }
}
