package io.integrationsrealtime.server.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.integrationsrealtime.server.RawClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * A raw Engine.IO v4 / Socket.IO v4 client over OkHttp's WebSocket: it sends whatever text (or
 * binary) frames a test gives it, answers the server's pings, and records every frame it receives.
 * No socket.io client library sits in between, so truly malformed packets reach the server.
 */
final class FrameClient implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    /** Every frame received (pings excepted), for the whole life of the socket. */
    final List<String> received = Collections.synchronizedList(new ArrayList<>());
    /** Every frame sent. */
    final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    /** Room broadcasts received (events without a requestId: usage, webhooks, others' runs). */
    final List<String> broadcasts = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<String> open = new CompletableFuture<>();
    /** Completes with the close code, or the HTTP status of a refused handshake, or -1. */
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicInteger ackIds = new AtomicInteger();
    private final Map<String, CompletableFuture<Map<String, Object>>> expectedAcks = new ConcurrentHashMap<>();
    volatile int pings;

    private FrameClient(String url, Map<String, String> headers) {
        Request.Builder request = new Request.Builder().url(url);
        headers.forEach(request::header);
        socket = RawClient.HTTP.newWebSocket(request.build(), new WebSocketListener() {
            @Override
            public void onMessage(WebSocket webSocket, String text) {
                if (text.equals("2")) {
                    pings++;
                    webSocket.send("3");
                    return;
                }
                received.add(text);
                if (text.startsWith("0")) {
                    open.complete(text);
                    return;
                }
                int bracket = text.indexOf('[');
                if (text.startsWith("43") && bracket > 2) {
                    CompletableFuture<Map<String, Object>> waiting = expectedAcks.remove(text.substring(2, bracket));
                    if (waiting != null) {
                        waiting.complete(firstArgument(text.substring(bracket)));
                        return;
                    }
                }
                if (isBroadcast(text)) {
                    broadcasts.add(text);
                    return;
                }
                inbox.add(text);
            }

            @Override
            public void onMessage(WebSocket webSocket, ByteString bytes) {
                received.add("binary:" + bytes.hex());
                inbox.add("binary:" + bytes.hex());
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
                closed.complete(response != null ? response.code() : -1);
                open.complete(null);
            }
        });
    }

    /** Opens the transport; the namespace is not connected yet. */
    static FrameClient open(int port, String query, Map<String, String> headers) {
        String url = "ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket" + (query.isEmpty() ? "" : "&" + query);
        return new FrameClient(url, headers);
    }

    /** Opens and connects to "/" with {@code {"token": token}}. */
    static FrameClient connected(int port, String token) {
        FrameClient client = open(port, "", Map.of());
        client.awaitOpen();
        String answer = client.connect("{\"token\":" + quote(token) + "}");
        if (answer == null || !answer.startsWith("40")) {
            throw new IllegalStateException("not connected: " + answer);
        }
        return client;
    }

    /** The Engine.IO open packet, or null when the handshake was refused. */
    String awaitOpen() {
        return open.orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** Sends a namespace CONNECT ({@code 40} + auth) and returns the server's 40/44 answer, or null. */
    String connect(String auth) {
        send("40" + (auth == null ? "" : auth));
        List<String> frames = collect(frame -> frame.startsWith("40") || frame.startsWith("44"), Duration.ofSeconds(5));
        return frames.isEmpty() ? null : frames.get(frames.size() - 1);
    }

    void send(String frame) {
        sent.add(frame);
        socket.send(frame);
    }

    void sendBinary(byte[] bytes) {
        sent.add("binary");
        socket.send(ByteString.of(bytes));
    }

    /** The payload of the ack with this id, which is then kept out of the inbox. */
    CompletableFuture<Map<String, Object>> expectAck(int id) {
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        expectedAcks.put(Integer.toString(id), reply);
        closed.thenRun(() -> reply.completeExceptionally(new IllegalStateException("closed before ack " + id)));
        return reply.orTimeout(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstArgument(String args) {
        try {
            List<Object> list = JSON.readValue(args, List.class);
            return list.isEmpty() || !(list.get(0) instanceof Map) ? Map.of() : (Map<String, Object>) list.get(0);
        } catch (Exception e) {
            return Map.of("unparsable", args);
        }
    }

    int nextAckId() {
        return ackIds.incrementAndGet();
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** Frames (not broadcasts) received since the last take, up to and including the first matching one. */
    List<String> collect(Predicate<String> stop, Duration timeout) {
        List<String> frames = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long remaining = deadline - System.nanoTime();
            String frame;
            try {
                frame = inbox.poll(Math.max(0, Math.min(remaining, 20_000_000L)), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (frame != null) {
                frames.add(frame);
                if (stop.test(frame)) {
                    break;
                }
                continue;
            }
            if (remaining <= 0 || isClosed()) {
                break;
            }
        }
        return frames;
    }

    /** Everything received up to the socket's close (or the timeout). */
    List<String> untilClosed(Duration timeout) {
        List<String> frames = collect(frame -> false, Duration.ZERO);
        try {
            closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception notClosed) {
            // reported by the caller through isClosed()
        }
        frames.addAll(collect(frame -> false, Duration.ZERO));
        return frames;
    }

    /** Frames waiting in the inbox right now. */
    List<String> drain() {
        List<String> frames = new ArrayList<>();
        inbox.drainTo(frames);
        return frames;
    }

    /**
     * Sends a harmless request with an ack and returns everything received before its answer: since
     * netty handles one channel's frames in order, anything the previous frames provoked on the
     * event loop has arrived by then. Ends early (without the ack) if the socket closes.
     */
    List<String> barrier(String projectId, String integrationId) {
        int id = nextAckId();
        send("42" + id + "[\"integration:leave\",{\"projectId\":\"" + projectId + "\",\"integrationId\":\""
                + integrationId + "\"}]");
        String prefix = "43" + id + "[";
        List<String> frames = collect(frame -> frame.startsWith(prefix), Duration.ofSeconds(5));
        if (!frames.isEmpty() && frames.get(frames.size() - 1).startsWith(prefix)) {
            frames.remove(frames.size() - 1);
            return frames;
        }
        if (!isClosed()) {
            frames.add("<no barrier answer>");
        }
        return frames;
    }

    @Override
    public void close() {
        socket.close(1000, null);
        closed.complete(0);
        socket.cancel();
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 42 event without a requestId that is not an error: a room broadcast, not a reply. */
    static boolean isBroadcast(String frame) {
        if (!frame.startsWith("42[")) {
            return false;
        }
        JsonNode args = parse(frame.substring(2));
        if (args == null || !args.isArray() || args.size() < 2 || !args.get(0).isTextual()) {
            return false;
        }
        String name = args.get(0).textValue();
        return !name.equals("integration:error") && !args.get(1).has("requestId");
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }
}
