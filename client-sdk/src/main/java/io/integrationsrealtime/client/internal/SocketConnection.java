package io.integrationsrealtime.client.internal;

import io.integrationsrealtime.client.ConnectionState;
import io.integrationsrealtime.client.IntegrationException;
import io.integrationsrealtime.client.internal.ClientLogger.Level;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.Request;
import io.integrationsrealtime.protocol.RequestRules;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.thread.EventThread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * One Socket.IO connection: connecting with a fresh token each attempt, the connection state,
 * requests with acks and timeouts, and decoding server events.
 *
 * <p>Threading: socket callbacks run on socket.io's JVM-wide EventThread, where this class only
 * decodes and keeps its state (fields marked "EventThread only" are touched nowhere else).
 * Futures and listeners run on the serial callback executor. With the websocket transport alone
 * (the default), requests are queued from the caller's thread and their acks settled on OkHttp's
 * reading thread, around the EventThread ({@link DirectFrames}).
 */
public final class SocketConnection {

    private static final ClientLogger LOG = ClientLogger.of(SocketConnection.class);
    private static final int FIRST_OWN_ACK_ID = 1 << 30;

    /** Told of state changes, on the callback executor. */
    public interface StateObserver {
        /**
         * @param cause       why the connection was lost or refused, or null
         * @param reconnected true on a CONNECTED that follows an earlier connection of this client
         */
        void onState(ConnectionState state, IntegrationException cause, boolean reconnected);
    }

    private final Socket socket;
    private final Map<String, String> auth = new ConcurrentHashMap<>();
    private final ConnectionSettings settings;
    private final OkHttpClient ownedHttpClient;
    private final Executor callbacks;
    private final ScheduledExecutorService timer;
    private final PendingRequests pending;
    /** Around the EventThread for requests and their acks; null when polling is allowed. */
    private final DirectFrames frames;
    /** The Socket.IO namespace, as socket.io-client-java takes it from the URI's path. */
    private final String namespace;
    private final StateObserver observer;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Written on the EventThread only. */
    private volatile ConnectionState state = ConnectionState.DISCONNECTED;

    // EventThread only.
    private final List<CompletableFuture<Void>> connectWaiters = new ArrayList<>();
    /**
     * The next of the SDK's own ack ids. They start far above socket.io's own counter (from 0, and
     * only used for the rare binary request) so that the two never meet on one connection.
     */
    private final AtomicInteger nextAckId = new AtomicInteger(FIRST_OWN_ACK_ID);
    private boolean everConnected;
    private boolean holdingEventThread;

    public SocketConnection(ConnectionSettings settings, Executor callbacks, ScheduledExecutorService timer,
                            StateObserver observer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.pending = new PendingRequests(timer, callbacks);
        this.ownedHttpClient = settings.okHttpClient() == null
                // engine.io's long-polling holds a request open up to its ping interval; 1 min covers it.
                ? new OkHttpClient.Builder().readTimeout(1, TimeUnit.MINUTES).build()
                : null;
        OkHttpClient http = settings.okHttpClient() != null ? settings.okHttpClient() : ownedHttpClient;

        IO.Options options = new IO.Options();
        // A Manager of its own: sharing one (socket.io's default for equal URLs) would share the auth map.
        options.forceNew = true;
        if (!settings.allowPolling()) {
            // Against netty-socketio, requests sent around the polling-to-websocket upgrade were
            // occasionally never answered (and a connect hung) in our tests; websocket-only was
            // clean and also needs no sticky sessions behind a load balancer.
            options.transports = new String[] {"websocket"};
        }
        options.reconnection = settings.reconnection();
        options.timeout = settings.connectTimeout().toMillis();
        options.callFactory = http;
        this.frames = settings.allowPolling() ? null
                : new DirectFrames(http, pending.ackRouter(), DaemonThreads::writerThread, timer);
        options.webSocketFactory = frames != null ? frames : http;
        String path = settings.serverUri().getPath();
        this.namespace = path == null || path.isEmpty() ? "/" : path;
        // socket.io-client keeps a reference to this map and serialises it when it sends CONNECT,
        // so refreshing the entry before each attempt sends a fresh token.
        options.auth = auth;
        // Requests written and events and acks read by Jackson, not org.json (see both classes).
        // A decoder per Manager: it holds the Manager's callback.
        options.encoder = new JacksonPacketEncoder();
        // Acks of requests sent with the SDK's own ack ids go from the decoder to PendingRequests.
        options.decoder = new JacksonPacketDecoder(pending.ackRouter());
        this.socket = IO.socket(settings.serverUri(), options);
        subscribe();
        // The codec's one-time costs, on the (idle) timer thread rather than in the first requests.
        timer.execute(CodecWarmUp::once);
    }

    private void subscribe() {
        // Registered before the Socket's own listener on the Manager (which is added on its first
        // connect), so the token is refreshed before the CONNECT packet of every attempt is written.
        socket.io().on(Manager.EVENT_OPEN, args -> refreshToken());
        socket.io().on(Manager.EVENT_RECONNECT_FAILED, args -> onReconnectFailed());
        socket.on(Socket.EVENT_CONNECT, args -> onConnect());
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> onConnectError(args.length > 0 ? args[0] : null));
        socket.on(Socket.EVENT_DISCONNECT, args -> onDisconnect(args.length > 0 ? String.valueOf(args[0]) : null));
    }

    /** Connects; completes when connected, or fails with UNAUTHENTICATED or DISCONNECTED. */
    public CompletableFuture<Void> connect() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (closed.get()) {
            result.completeExceptionally(disconnected("client is closed", null));
            return result;
        }
        // Decided on the EventThread so that a connect event cannot slip between check and wait.
        EventThread.exec(() -> {
            if (closed.get()) {
                completeLater(result, disconnected("client is closed", null));
            } else if (socket.connected()) {
                completeLater(result, null);
            } else {
                connectWaiters.add(result);
                socket.connect();
            }
        });
        return result;
    }

    public boolean isConnected() {
        return !closed.get() && socket.connected();
    }

    public ConnectionState state() {
        return state;
    }

    /** Requests still waiting for an outcome (for tests and diagnostics). */
    public int pendingRequests() {
        return pending.size();
    }

    /**
     * Sends a request with an ack and returns its outcome.
     *
     * @param timeoutCode ACK_TIMEOUT or TIMEOUT, whichever the caller documents for this request
     */
    public <T> CompletableFuture<T> request(String event, Request payload, Class<T> successType,
                                            Duration timeout, ErrorCode timeoutCode) {
        String requestId = payload.requestId();
        String problem = RequestRules.check(payload);
        if (problem != null) {
            return CompletedFutures.failed(new IntegrationException(ErrorCode.INVALID_REQUEST, problem, requestId));
        }
        Object json;
        try {
            json = JsonBridge.toArgument(payload);  // encoded here, off the EventThread
        } catch (IllegalArgumentException e) {
            return CompletedFutures.failed(new IntegrationException(ErrorCode.INVALID_REQUEST, e.getMessage(), requestId));
        }
        if (!isConnected()) {
            return CompletedFutures.failed(disconnected("not connected", requestId));
        }
        CompletableFuture<T> outcome;
        try {
            outcome = pending.register(requestId, event, timeout, timeoutCode);
        } catch (IllegalStateException duplicate) {
            return CompletedFutures.failed(new IntegrationException(ErrorCode.INVALID_REQUEST, duplicate.getMessage(), requestId));
        }
        if (json instanceof JsonBridge.JsonText text && sendDirect(event, text, requestId, successType)) {
            return outcome;
        }
        if (frames != null) {
            frames.viaEventThread(() -> emit(event, json, requestId, successType));
        } else {
            EventThread.exec(() -> emit(event, json, requestId, successType));
        }
        return outcome;
    }

    /**
     * Sends the request from this thread (queued for the websocket's writer) when the websocket
     * is open and connected, and nothing the SDK sent before it waits on the EventThread.
     *
     * @return false, with nothing sent, when the request must go through the EventThread instead
     */
    private boolean sendDirect(String event, JsonBridge.JsonText text, String requestId, Class<?> successType) {
        if (frames == null || !frames.canSend() || closed.get() || !socket.connected()) {
            return false;
        }
        int ackId = nextAckId();
        if (pending.attachAck(requestId, ackId, successType)
                && !frames.send(JacksonPacketEncoder.eventPacket(namespace, ackId, event, text))) {
            // The websocket is closing; the disconnect that follows would fail it too.
            pending.fail(requestId, () -> disconnected("not connected", requestId));
        }
        return true;
    }

    // EventThread: the connected check and the emit run in one step. socket.io-client would buffer
    // an emit made while disconnected and send it after a reconnect; a non-idempotent request must
    // fail instead.
    private <T> void emit(String event, Object json, String requestId, Class<T> successType) {
        if (!pending.isPending(requestId)) {
            return;  // timed out, cancelled or failed while queued
        }
        if (closed.get() || !socket.connected()) {
            pending.fail(requestId, () -> disconnected("not connected", requestId));
            return;
        }
        if (json instanceof JsonBridge.JsonText text) {
            // The usual request: sent with an ack id of ours and no socket.io Ack (see
            // JacksonPacketEncoder); its ACK goes from the decoder straight to PendingRequests.
            int ackId = nextAckId();
            if (pending.attachAck(requestId, ackId, successType)) {
                socket.emit(event, new Object[] {new JacksonPacketEncoder.WithAck(ackId, text)}, null);
            }
            return;
        }
        // A payload with byte arrays goes out as a binary packet by socket.io's own encoder and ack.
        Ack ack = args -> pending.settle(requestId, AckOutcome.decode(args, successType, requestId));
        socket.emit(event, new Object[] {json}, ack);
    }

    private int nextAckId() {
        return nextAckId.getAndUpdate(id -> id == Integer.MAX_VALUE ? FIRST_OWN_ACK_ID : id + 1);
    }

    /**
     * Decodes {@code event} on the EventThread and hands the record to {@code handler} on the
     * callback executor. Malformed events are logged and dropped.
     */
    public <T> void onEvent(String event, Class<T> type, Consumer<? super T> handler) {
        socket.on(event, args -> {
            if (closed.get()) {
                return;
            }
            T decoded;
            try {
                decoded = JsonBridge.fromJson(args.length > 0 ? args[0] : null, type);
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "dropped malformed " + event + ": " + e.getMessage());
                return;
            }
            callbacks.execute(() -> handler.accept(decoded));
        });
    }

    /**
     * Closes for good: fails pending requests and connect waiters with DISCONNECTED. Never blocks,
     * so it may be called from a callback.
     */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        pending.failAll(ErrorCode.DISCONNECTED, "client closed");
        EventThread.exec(() -> {
            failWaiters(disconnected("client closed", null));
            changeState(ConnectionState.DISCONNECTED, null, false);
            socket.close();
            socket.off();
            socket.io().off();
            if (ownedHttpClient != null) {
                // Lets in-flight work end; idle threads then exit and pooled connections close.
                ownedHttpClient.dispatcher().executorService().shutdown();
                ownedHttpClient.connectionPool().evictAll();
            }
        });
        timer.shutdownNow();
    }

    // ---- EventThread handlers ----

    private void refreshToken() {
        Supplier<String> supplier = settings.token();
        if (supplier == null || closed.get()) {
            return;
        }
        try {
            String token = supplier.get();
            if (token == null) {
                auth.remove("token");
            } else {
                auth.put("token", token);
            }
        } catch (RuntimeException e) {
            // Keep the previous token: the server will tell whether it is still good.
            LOG.log(Level.WARNING, "token supplier threw; connecting with the previous token", e);
        }
    }

    private void onConnect() {
        if (closed.get()) {
            return;
        }
        boolean reconnected = everConnected;
        everConnected = true;
        for (CompletableFuture<Void> waiter : drainWaiters()) {
            completeLater(waiter, null);
        }
        changeState(ConnectionState.CONNECTED, null, reconnected);
    }

    private void onConnectError(Object argument) {
        if (closed.get()) {
            return;
        }
        IntegrationException error = ConnectErrors.toException(argument);
        boolean someoneWaits = !connectWaiters.isEmpty();
        failWaiters(error);
        if (ConnectErrors.isServerRefusal(argument)) {
            // socket.io-client does not retry after the server refused the connection.
            changeState(ConnectionState.DISCONNECTED, error, false);
        } else if (someoneWaits) {
            // A connect() failed: stop here rather than keep retrying behind the caller's back.
            socket.close();
            changeState(ConnectionState.DISCONNECTED, error, false);
        }
        // Otherwise a reconnect attempt failed and socket.io will try again: still RECONNECTING.
    }

    private void onDisconnect(String reason) {
        if (closed.get()) {
            return;
        }
        pending.failAll(ErrorCode.DISCONNECTED, "connection lost (" + reason + ")");
        // "io server disconnect": the server ended the session, socket.io will not reconnect.
        // "io client disconnect": closed on our side.
        boolean willReconnect = settings.reconnection()
                && !"io server disconnect".equals(reason) && !"io client disconnect".equals(reason);
        changeState(willReconnect ? ConnectionState.RECONNECTING : ConnectionState.DISCONNECTED,
                disconnected("connection lost (" + reason + ")", null), false);
    }

    private void onReconnectFailed() {
        if (!closed.get()) {
            changeState(ConnectionState.DISCONNECTED, disconnected("gave up reconnecting", null), false);
        }
    }

    // ---- helpers ----

    // EventThread only, so changes are queued to observers in the order they happened.
    private void changeState(ConnectionState next, IntegrationException cause, boolean reconnected) {
        if (state == next) {
            return;
        }
        state = next;
        keepEventThread(next == ConnectionState.CONNECTED);
        callbacks.execute(() -> observer.onState(next, cause, reconnected));
    }

    // EventThread only. While connected, socket.io's EventThread is kept rather than restarted
    // after every idle moment (see EventThreadKeepAlive); released when the connection goes.
    private void keepEventThread(boolean keep) {
        if (keep && !holdingEventThread) {
            holdingEventThread = EventThreadKeepAlive.acquire();
        } else if (!keep && holdingEventThread) {
            holdingEventThread = false;
            EventThreadKeepAlive.release();
        }
    }

    private List<CompletableFuture<Void>> drainWaiters() {
        List<CompletableFuture<Void>> waiters = new ArrayList<>(connectWaiters);
        connectWaiters.clear();
        return waiters;
    }

    private void failWaiters(IntegrationException error) {
        for (CompletableFuture<Void> waiter : drainWaiters()) {
            completeLater(waiter, error);
        }
    }

    private void completeLater(CompletableFuture<Void> future, IntegrationException error) {
        callbacks.execute(() -> {
            if (error == null) {
                future.complete(null);
            } else {
                future.completeExceptionally(error);
            }
        });
    }

    private static IntegrationException disconnected(String message, String requestId) {
        return new IntegrationException(ErrorCode.DISCONNECTED, message, requestId);
    }
}
