package io.integrationsrealtime.server.protocol;

import io.integrationsrealtime.server.RawClient;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * A websocket that speaks Engine.IO by hand: every text frame the server sends is kept as it is
 * (binary frames as {@link Binary}), pings included unless {@link #answerPings} is on, which
 * answers each with a pong and keeps it out of the queue. Nothing is parsed or fixed up, so the
 * tests see the wire exactly.
 */
final class EngineSocket implements AutoCloseable {

    /** A binary frame. */
    record Binary(byte[] bytes) {
    }

    private final WebSocket socket;
    private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    /** The HTTP status of a refused upgrade, or the close code (-1 when the connection just ended). */
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final CompletableFuture<String> refusedBody = new CompletableFuture<>();
    final CompletableFuture<Void> opened = new CompletableFuture<>();
    private volatile boolean answerPings;

    private EngineSocket(String url, boolean answerPings) {
        this.answerPings = answerPings;
        socket = RawClient.HTTP.newWebSocket(new Request.Builder().url(url).build(), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                opened.complete(null);
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                if (EngineSocket.this.answerPings && text.equals("2")) {
                    webSocket.send("3");
                    return;
                }
                frames.add(text);
            }

            @Override
            public void onMessage(WebSocket webSocket, ByteString bytes) {
                frames.add(new Binary(bytes.toByteArray()));
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                webSocket.close(1000, null);
                closed.complete(code);
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                closed.complete(code);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
                String body = "";
                try {
                    body = response != null && response.body() != null ? response.body().string() : "";
                } catch (Exception ignored) {
                    // the status is what matters
                }
                refusedBody.complete(body);
                closed.complete(response != null ? response.code() : -1);
                opened.completeExceptionally(failure);
            }
        });
    }

    /** Opens {@code /socket.io/?<query>} on the port. */
    static EngineSocket open(int port, String query, boolean answerPings) {
        return new EngineSocket("ws://127.0.0.1:" + port + "/socket.io/?" + query, answerPings);
    }

    /** A new Engine.IO v4 websocket session, its open packet already taken; pings are answered. */
    static EngineSocket session(int port) {
        EngineSocket socket = open(port, "EIO=4&transport=websocket", true);
        String open = socket.nextText();
        if (!open.startsWith("0{")) {
            throw new AssertionError("not an open packet: " + open);
        }
        return socket;
    }

    void answerPings(boolean answer) {
        this.answerPings = answer;
    }

    void send(String text) {
        socket.send(text);
    }

    void send(byte[] bytes) {
        socket.send(ByteString.of(bytes));
    }

    /** The next frame (a String, or a {@link Binary}), waiting up to five seconds. */
    Object next() {
        return next(Duration.ofSeconds(5));
    }

    Object next(Duration timeout) {
        try {
            Object frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within " + timeout + (closed.isDone() ? " (closed: " + closed.join() + ")" : ""));
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String nextText() {
        Object frame = next();
        if (!(frame instanceof String text)) {
            throw new AssertionError("expected a text frame, got binary");
        }
        return text;
    }

    /** The next frame if one arrives within {@code timeout}, else null. */
    Object poll(Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for the server to end the connection; returns the close code (or HTTP status, or -1). */
    int awaitClosed(Duration timeout) {
        return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** The session id of the open packet {@code frame}. */
    static String sid(String openPacket) {
        int start = openPacket.indexOf("\"sid\":\"") + 7;
        return openPacket.substring(start, openPacket.indexOf('"', start));
    }

    @Override
    public void close() {
        socket.cancel();
    }
}
