package io.integrationsrealtime.benchmarks.loadgen;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import io.socket.thread.EventThread;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import org.json.JSONObject;

/**
 * The floor for client-sdk: the same socket.io-client-java 2.1.2 and OkHttp, used directly. It
 * builds the org.json payload by hand, sends from the ack callback on socket.io's EventThread and
 * only looks for a top-level {@code error} in the ack (no records, no timeouts, no executor hop),
 * like loadgen.mjs.
 */
final class RawSocketIoDriver implements LoadDriver {

    private static final AtomicLong NEXT_ID = new AtomicLong();

    private final Socket socket;
    private final boolean withRequestIds;

    RawSocketIoDriver(String url, OkHttpClient http, boolean withRequestIds) {
        IO.Options options = IO.Options.builder()
                .setForceNew(true)
                .setReconnection(false)
                .setTransports(new String[] {WebSocket.NAME})
                .setTimeout(10_000)
                .setAuth(Map.of("token", "bench"))
                .build();
        options.callFactory = http;
        options.webSocketFactory = http;
        this.socket = IO.socket(URI.create(url), options);
        this.withRequestIds = withRequestIds;
    }

    @Override
    public CompletableFuture<Void> connect() {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        socket.once(Socket.EVENT_CONNECT, args -> connected.complete(null));
        socket.once(Socket.EVENT_CONNECT_ERROR, args ->
                connected.completeExceptionally(new IllegalStateException("connect error: " + (args.length > 0 ? args[0] : ""))));
        socket.connect();
        return connected;
    }

    @Override
    public void start(int inflight, LoadWindow window) {
        // socket.io-client's Socket is not thread-safe: every emit happens on its EventThread.
        EventThread.exec(() -> {
            for (int i = 0; i < inflight; i++) {
                send(window);
            }
        });
    }

    private void send(LoadWindow window) {
        if (window.stopped()) {
            return;
        }
        JSONObject request = new JSONObject()
                .put("projectId", PROJECT_ID)
                .put("integrationId", INTEGRATION_ID)
                .put("endpoint", ENDPOINT)
                .put("params", new JSONObject().put("userId", "123"))
                .put("requestData", new JSONObject());
        if (withRequestIds) {
            request.put("requestId", "r-" + NEXT_ID.getAndIncrement());
        }
        long sentAt = System.nanoTime();
        window.sent();
        socket.emit(EVENT, new Object[] {request}, (Ack) args -> {
            boolean error = args.length == 0 || !(args[0] instanceof JSONObject reply) || !reply.isNull("error");
            window.answered(sentAt, error);
            send(window);
        });
    }

    @Override
    public void close() {
        EventThread.exec(socket::close);
    }
}
