package io.integrationsrealtime.server;

import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.json.JSONObject;

/**
 * A plain socket.io-client-java socket (not the SDK), recording every event it receives, for
 * tests that speak the wire protocol directly.
 */
public final class RawClient implements AutoCloseable {

    public static final OkHttpClient HTTP = sharedHttp();

    private final Socket socket;
    private final Map<String, BlockingQueue<JSONObject>> received = new ConcurrentHashMap<>();

    public RawClient(int port, List<String> events) {
        this(port, "/", events);
    }

    public RawClient(int port, String namespace, List<String> events) {
        this(port, namespace, events, builder -> builder.setAuth(Map.of("token", TestAuth.TOKEN)));
    }

    /** A socket with its options adjusted (auth, headers, query, transports). */
    public RawClient(int port, String namespace, List<String> events,
                     java.util.function.UnaryOperator<io.socket.client.SocketOptionBuilder> options) {
        this(port, namespace, events, options.apply(IO.Options.builder()
                .setForceNew(true)
                .setReconnection(false)
                .setTransports(new String[] {"websocket"})).build());
    }

    private RawClient(int port, String namespace, List<String> events, IO.Options options) {
        options.callFactory = HTTP;
        options.webSocketFactory = HTTP;
        socket = IO.socket(URI.create("http://127.0.0.1:" + port + namespace), options);
        for (String event : events) {
            socket.on(event, args -> queue(event).add(args.length > 0 && args[0] instanceof JSONObject json ? json : new JSONObject()));
        }
    }

    public RawClient connect() {
        Object outcome = connectOutcome();
        if (outcome != null) {
            throw new IllegalStateException("connect_error " + outcome);
        }
        return this;
    }

    /** Connects and returns the connect_error payload, failing the test if the connection was accepted. */
    public JSONObject connectError() {
        Object outcome = connectOutcome();
        if (!(outcome instanceof JSONObject error)) {
            throw new AssertionError("expected a connect_error with a JSON object, got " + outcome);
        }
        return error;
    }

    /** Whether connecting fails at all (handshake refused, connect_error). */
    public boolean connectFails() {
        return connectOutcome() != null;
    }

    /** Null when connected, else the connect_error argument. */
    private Object connectOutcome() {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        socket.once(Socket.EVENT_CONNECT, args -> outcome.complete(null));
        socket.once(Socket.EVENT_CONNECT_ERROR, args -> outcome.complete(args.length > 0 ? args[0] : "no argument"));
        socket.connect();
        return outcome.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** A connect_error received after the connection was accepted (an asynchronous refusal). */
    public CompletableFuture<Object> lateConnectError() {
        CompletableFuture<Object> error = new CompletableFuture<>();
        socket.once(Socket.EVENT_CONNECT_ERROR, args -> error.complete(args.length > 0 ? args[0] : null));
        return error;
    }

    /** Emits without an ack, as a client written against the seed alone does. */
    public void emit(String event, Object payload) {
        socket.emit(event, payload);
    }

    /** Emits with an ack and returns its first argument. */
    public CompletableFuture<Object> request(String event, Object... payload) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        Object[] args = java.util.Arrays.copyOf(payload, payload.length + 1);
        args[payload.length] = (io.socket.client.Ack) ackArgs -> reply.complete(ackArgs.length > 0 ? ackArgs[0] : null);
        socket.emit(event, args);
        return reply.orTimeout(10, TimeUnit.SECONDS);
    }

    public JSONObject requestJson(String event, Object... payload) {
        return (JSONObject) request(event, payload).join();
    }

    /** The next event of that name, waiting up to five seconds. */
    public JSONObject next(String event) throws InterruptedException {
        return next(event, Duration.ofSeconds(5));
    }

    public JSONObject next(String event, Duration timeout) throws InterruptedException {
        JSONObject value = queue(event).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (value == null) {
            throw new AssertionError("no " + event + " within " + timeout);
        }
        return value;
    }

    /** Events of that name received so far and not taken yet. */
    public int pending(String event) {
        return queue(event).size();
    }

    /** The socket id, which netty-socketio makes its session id. */
    public String id() {
        return socket.id();
    }

    public boolean connected() {
        return socket.connected();
    }

    private BlockingQueue<JSONObject> queue(String event) {
        return received.computeIfAbsent(event, name -> new LinkedBlockingQueue<>());
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.close();
    }

    private static OkHttpClient sharedHttp() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(10_000);
        dispatcher.setMaxRequestsPerHost(10_000);
        return new OkHttpClient.Builder().dispatcher(dispatcher).readTimeout(Duration.ofMinutes(1)).build();
    }
}
