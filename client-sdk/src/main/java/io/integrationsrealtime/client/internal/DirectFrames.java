package io.integrationsrealtime.client.internal;

import io.socket.thread.EventThread;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * (docs/benchmarks-sdk.md). Here a request is written from the caller's thread to OkHttp's
 * websocket ({@link #send}), and the ACK of one of the SDK's own ack ids is settled on OkHttp's
 * reading thread; everything else (events, CONNECT, pings, binary packets, acks of socket.io's
 * own ids) goes to engine.io's listener as before.
 *
 * <p>Order is kept both ways. In: a frame skips the EventThread only when every earlier frame of
 * the connection has been handled there (frames handed over are counted until they are), so an
 * ack never overtakes an event the server sent before it. Out: {@link #send} refuses while a
 * packet the SDK gave socket.io ({@link #viaEventThread}) may still be on its way.
 *
 * <p>Only for the websocket transport alone (the SDK's default): while engine.io upgrades from
 * polling, frames must go through it. Engine.io's heartbeat still runs on its pings, which keep
 * going through engine.io.
 */
final class DirectFrames implements WebSocket.Factory {

    private final WebSocket.Factory http;
    private final JacksonPacketDecoder.AckRouter acks;
    /** The websocket while it is open, else null. */
    private final AtomicReference<WebSocket> open = new AtomicReference<>();
    /** Frames read and handed to the EventThread, not yet handled there. */
    private final AtomicInteger queuedIn = new AtomicInteger();
    /** Packets given to socket.io on the EventThread that may not be written yet. */
    private final AtomicInteger queuedOut = new AtomicInteger();

    DirectFrames(WebSocket.Factory http, JacksonPacketDecoder.AckRouter acks) {
        this.http = Objects.requireNonNull(http, "http");
        this.acks = Objects.requireNonNull(acks, "acks");
    }

    @Override
    public WebSocket newWebSocket(Request request, WebSocketListener listener) {
        return http.newWebSocket(request, new Listener(listener));
    }

    /** Whether {@link #send} may write now: a websocket is open and nothing of ours is queued before it. */
    boolean canSend() {
        return open.get() != null && queuedOut.get() == 0;
    }

    /**
     * Writes a Socket.IO packet as an engine.io message, from the caller's thread.
     *
     * @return false when no websocket is open or it is closing (nothing written)
     */
    boolean send(String packet) {
        WebSocket socket = open.get();
        return socket != null && socket.send("4".concat(packet));
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

    /** Engine.io's listener, with the SDK's acks taken on the reading thread when nothing is queued. */
    private final class Listener extends WebSocketListener {
        private final WebSocketListener engine;

        Listener(WebSocketListener engine) {
            this.engine = engine;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            open.set(webSocket);
            engine.onOpen(webSocket, response);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            // "4" is engine.io's message; JacksonPacketDecoder.routeAck takes only an ACK after it.
            if (queuedIn.get() == 0 && text.length() > 1 && text.charAt(0) == '4'
                    && JacksonPacketDecoder.routeAck(text, 1, acks)) {
                return;
            }
            queuedIn.incrementAndGet();
            // Engine.io's listener hands the frame to the EventThread itself; from a task already
            // on that thread it runs at once, so the count drops when the frame has been handled.
            EventThread.exec(() -> {
                try {
                    engine.onMessage(webSocket, text);
                } finally {
                    queuedIn.decrementAndGet();
                }
            });
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            queuedIn.incrementAndGet();
            EventThread.exec(() -> {
                try {
                    engine.onMessage(webSocket, bytes);
                } finally {
                    queuedIn.decrementAndGet();
                }
            });
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            open.compareAndSet(webSocket, null);
            engine.onClosing(webSocket, code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            open.compareAndSet(webSocket, null);
            engine.onClosed(webSocket, code, reason);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            open.compareAndSet(webSocket, null);
            engine.onFailure(webSocket, t, response);
        }
    }
}
