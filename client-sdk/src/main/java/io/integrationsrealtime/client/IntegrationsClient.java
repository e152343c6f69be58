package io.integrationsrealtime.client;

import io.integrationsrealtime.client.internal.ConnectionSettings;
import io.integrationsrealtime.client.internal.DaemonThreads;
import io.integrationsrealtime.client.internal.ListenerRegistry;
import io.integrationsrealtime.client.internal.RequestIds;
import io.integrationsrealtime.client.internal.SerialExecutor;
import io.integrationsrealtime.client.internal.SocketConnection;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.ExecutionFailed;
import io.integrationsrealtime.protocol.ExecutionStarted;
import io.integrationsrealtime.protocol.Request;
import io.integrationsrealtime.protocol.RequestRules;
import io.integrationsrealtime.protocol.RoomMembership;
import io.integrationsrealtime.protocol.UsageUpdated;
import io.integrationsrealtime.protocol.WebhookReceived;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * A connection to an integrations realtime server.
 *
 * <pre>{@code
 * try (IntegrationsClient client = IntegrationsClient.builder()
 *         .serverUrl("https://realtime.example.com")
 *         .tokenSupplier(tokens::current)
 *         .build()) {
 *     client.connect().join();
 *     Integration twitter = client.integration(projectId, integrationId);
 *     ExecutionCompleted done = twitter.execute("getUserTweets", Map.of("userId", "123"), Map.of()).join();
 * }
 * }</pre>
 *
 * <p>Requests made while not connected fail at once with {@code DISCONNECTED} (they are never
 * queued for later, so a non-idempotent request cannot run twice or late). Futures and listeners
 * run one at a time, in order, on the callback executor.
 *
 * <p>Thread-safe. One client is one Socket.IO connection; share it across threads rather than
 * making one per task.
 */
public final class IntegrationsClient implements AutoCloseable {

    /**
     * The name of the {@code java.util.logging} logger every client writes to: set its level or add
     * a handler there (on Android, to route the client's lines to Logcat as you like). A fixed name,
     * so that R8's renaming of classes in a shrunk app does not change it. See docs/client-guide.md,
     * "Logging".
     */
    public static final String LOGGER_NAME = "io.integrationsrealtime.client.IntegrationsClient";

    private final SocketConnection connection;
    private final Duration ackTimeout;
    private final Duration executionTimeout;
    private final Duration rejoinInitialBackoff;
    private final Duration rejoinMaxBackoff;
    /** Request timeouts and re-join retries; shut down when the connection is closed. */
    private final ScheduledExecutorService timer = DaemonThreads.timerThread();
    private final RequestIds requestIds = new RequestIds();
    private final ListenerRegistry<ConnectionStateListener> stateListeners = new ListenerRegistry<>();
    /** integrationId -> projectId -> handle; events carry only the integrationId. */
    private final Map<String, Map<String, IntegrationHandle>> handles = new ConcurrentHashMap<>();
    /** {@link ClientObserver#NONE} unless the application set one. */
    private final ClientObserver observer;

    private IntegrationsClient(Builder builder) {
        this.observer = GuardedObserver.of(builder.observer);
        this.ackTimeout = builder.ackTimeout;
        this.executionTimeout = builder.executionTimeout;
        this.rejoinInitialBackoff = builder.rejoinInitialBackoff;
        this.rejoinMaxBackoff = builder.rejoinMaxBackoff;
        Executor callbacks = new SerialExecutor(
                builder.callbackExecutor != null ? builder.callbackExecutor : DaemonThreads.callbackThread());
        ConnectionSettings settings = new ConnectionSettings(builder.serverUri, builder.tokenSupplier,
                builder.connectTimeout, builder.reconnection, builder.okHttpClient, builder.allowPolling);
        this.connection = new SocketConnection(settings, callbacks, timer, this::onState);
        routeRoomEvents();
    }

    /**
     * Starts configuring a client.
     *
     * @return a builder; only {@link Builder#serverUrl} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects. Completes when connected; fails with {@code UNAUTHENTICATED} when the server
     * rejects the token, or {@code DISCONNECTED} on any other connect error or timeout (the client
     * then stops trying; call {@code connect()} again to retry). Completes at once when already
     * connected.
     *
     * @return completes on the callback executor once connected and authenticated
     */
    public CompletableFuture<Void> connect() {
        return connection.connect();
    }

    /**
     * The handle of an integration; the same ids always give the same handle. Sends nothing: the
     * integration's existence and the principal's access are checked by each request.
     *
     * @param projectId     the project, 24 lowercase hex characters
     * @param integrationId the integration, 24 lowercase hex characters
     * @return the handle, usable whether or not the client is connected
     * @throws IntegrationException with {@code INVALID_REQUEST} when an id is not 24 lowercase hex characters
     */
    public Integration integration(String projectId, String integrationId) {
        String problem = RequestRules.checkIds(projectId, integrationId, null);
        if (problem != null) {
            throw new IntegrationException(ErrorCode.INVALID_REQUEST, problem, null);
        }
        return handles.computeIfAbsent(integrationId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(projectId, id -> new IntegrationHandle(this, projectId, integrationId));
    }

    /**
     * Listens to connection state changes (not told the current state; see {@link #connectionState()}).
     *
     * @param listener called on the callback executor, in order; what it throws is logged and
     *                 ignored
     * @return closes the registration
     */
    public Subscription onConnectionState(ConnectionStateListener listener) {
        return stateListeners.add(listener);
    }

    /**
     * The current connection state.
     *
     * @return the state now; it may change right after
     */
    public ConnectionState connectionState() {
        return connection.state();
    }

    /**
     * Whether requests can be sent right now.
     *
     * @return true while the socket is connected and the client not closed; a request made next
     *         may still fail with {@code DISCONNECTED} if the connection drops meanwhile
     */
    public boolean isConnected() {
        return connection.isConnected();
    }

    /**
     * Disconnects for good and fails every pending future with {@code DISCONNECTED}. Idempotent,
     * never blocks, and safe to call from inside a callback.
     */
    @Override
    public void close() {
        connection.close();
    }

    // ---- for handles ----

    <T> CompletableFuture<T> request(String event, Request payload, Class<T> successType,
                                     Duration timeout, ErrorCode timeoutCode) {
        return request(event, payload, successType, timeout, timeoutCode, observeRequest(event, null));
    }

    /** The same, for a request whose observation began before it was built (its trace context is in it). */
    <T> CompletableFuture<T> request(String event, Request payload, Class<T> successType,
                                     Duration timeout, ErrorCode timeoutCode, RequestObservation observation) {
        CompletableFuture<T> outcome = connection.request(event, payload, successType, timeout, timeoutCode);
        if (observation != RequestObservation.NONE) {
            outcome.whenComplete((value, error) -> observation.ended(error == null ? null : codeOf(error)));
        }
        return outcome;
    }

    /** Starts observing a request; {@link RequestObservation#NONE} (nothing made) without an observer. */
    RequestObservation observeRequest(String event, String endpoint) {
        return observer == ClientObserver.NONE ? RequestObservation.NONE : observer.requestStarted(event, endpoint);
    }

    void gapDetected(String event) {
        observer.gapDetected(event);
    }

    private static ErrorCode codeOf(Throwable error) {
        return Futures.unwrap(error) instanceof IntegrationException failure ? failure.code() : ErrorCode.UNKNOWN;
    }

    String nextRequestId() {
        return requestIds.next();
    }

    Duration ackTimeout() {
        return ackTimeout;
    }

    Duration executionTimeout() {
        return executionTimeout;
    }

    /** Keeps one room of a handle across reconnects, with this client's timer and re-join backoff. */
    RoomKeeper roomKeeper(String room, Supplier<CompletableFuture<RoomMembership>> reenter,
                          ListenerRegistry<MembershipListener> listeners) {
        return new RoomKeeper(room, reenter, timer, rejoinInitialBackoff, rejoinMaxBackoff, listeners);
    }

    // ---- events, on the callback executor ----

    private void routeRoomEvents() {
        connection.onEvent(Events.EXECUTION_STARTED, ExecutionStarted.class,
                e -> toHandles(e.integrationId(), h -> h.deliverActivity(e.seq(), l -> l.onExecutionStarted(e))));
        connection.onEvent(Events.EXECUTION_COMPLETED, ExecutionCompleted.class,
                e -> toHandles(e.integrationId(), h -> h.deliverActivity(e.seq(), l -> l.onExecutionCompleted(e))));
        connection.onEvent(Events.EXECUTION_FAILED, ExecutionFailed.class,
                e -> toHandles(e.integrationId(), h -> h.deliverActivity(e.seq(), l -> l.onExecutionFailed(e))));
        connection.onEvent(Events.TEST_STARTED, ExecutionStarted.class,
                e -> toHandles(e.integrationId(), h -> h.deliverActivity(e.seq(), l -> l.onTestStarted(e))));
        connection.onEvent(Events.TEST_COMPLETED, ExecutionCompleted.class,
                e -> toHandles(e.integrationId(), h -> h.deliverActivity(e.seq(), l -> l.onTestCompleted(e))));
        connection.onEvent(Events.TEST_FAILED, ExecutionFailed.class,
                e -> toHandles(e.integrationId(), h -> h.deliverActivity(e.seq(), l -> l.onTestFailed(e))));
        connection.onEvent(Events.WEBHOOK_RECEIVED, WebhookReceived.class,
                e -> toHandles(e.integrationId(), h -> h.deliverWebhook(e)));
        connection.onEvent(Events.USAGE_UPDATED, UsageUpdated.class,
                e -> toHandles(e.integrationId(), h -> h.deliverUsage(e)));
    }

    private void toHandles(String integrationId, Consumer<IntegrationHandle> delivery) {
        Map<String, IntegrationHandle> byProject = integrationId == null ? null : handles.get(integrationId);
        if (byProject != null) {
            byProject.values().forEach(delivery);
        }
    }

    private void onState(ConnectionState state, IntegrationException cause, boolean reconnected) {
        if (reconnected) {
            handles.values().forEach(byProject -> byProject.values().forEach(IntegrationHandle::restoreAfterReconnect));
        }
        observer.connectionStateChanged(state, reconnected);
        stateListeners.forEach(listener -> listener.onStateChanged(state, cause));
    }

    /** Settings of an {@link IntegrationsClient}. Durations must be positive. */
    public static final class Builder {

        private URI serverUri;
        private Supplier<String> tokenSupplier;
        private Duration ackTimeout = Duration.ofSeconds(15);
        private Duration executionTimeout = Duration.ofSeconds(120);
        private Duration connectTimeout = Duration.ofSeconds(20);
        private Duration rejoinInitialBackoff = Duration.ofMillis(250);
        private Duration rejoinMaxBackoff = Duration.ofSeconds(5);
        private Executor callbackExecutor;
        private OkHttpClient okHttpClient;
        private boolean reconnection = true;
        private boolean allowPolling;
        private ClientObserver observer;

        private Builder() {
        }

        /**
         * Observes requests, connection changes and gaps, e.g. for metrics and traces
         * (integrations-realtime-micrometer binds Micrometer); for an execute or test it may also
         * give the W3C trace context to send. Default: none, and nothing is done per request for
         * it.
         *
         * @param observer the observer; what it throws is logged and ignored
         * @return this builder
         */
        public Builder observer(ClientObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * The server, e.g. {@code https://realtime.example.com}; a path selects the Socket.IO
         * namespace ({@code https://host/integrations}), as in socket.io.
         *
         * @param serverUrl an {@code http}, {@code https}, {@code ws} or {@code wss} URL
         * @return this builder
         * @throws IllegalArgumentException if the URL is malformed or has another scheme
         */
        public Builder serverUrl(String serverUrl) {
            URI uri = URI.create(Objects.requireNonNull(serverUrl, "serverUrl"));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("ws") && !scheme.equals("wss")) {
                throw new IllegalArgumentException("serverUrl must be an http, https, ws or wss URL");
            }
            this.serverUri = uri;
            return this;
        }

        /**
         * A fixed token, sent as {@code auth: {token}} when connecting. For tokens that expire, use
         * {@link #tokenSupplier} instead.
         *
         * @param token the token
         * @return this builder
         */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            return tokenSupplier(() -> token);
        }

        /**
         * Asked for the token before every connect and reconnect attempt, so a short-lived token can
         * be renewed. It runs on socket.io's event thread: return quickly (a cached token), never
         * block on the network. Returning null connects without a token.
         *
         * @param tokenSupplier gives the current token
         * @return this builder
         */
        public Builder tokenSupplier(Supplier<String> tokenSupplier) {
            this.tokenSupplier = Objects.requireNonNull(tokenSupplier, "tokenSupplier");
            return this;
        }

        /**
         * How long join, leave, status and webhook (un)subscribe wait for their ack (default 15 s);
         * then they fail with {@code ACK_TIMEOUT}.
         *
         * @param ackTimeout positive
         * @return this builder
         */
        public Builder ackTimeout(Duration ackTimeout) {
            this.ackTimeout = positive(ackTimeout, "ackTimeout");
            return this;
        }

        /**
         * How long execute and test wait for their outcome unless set per call (default 120 s);
         * then they fail with {@code TIMEOUT}. Keep it above the server's backend deadline (90 s
         * by default), so the server's own {@code TIMEOUT}, with its executionId, arrives first.
         *
         * @param executionTimeout positive
         * @return this builder
         */
        public Builder executionTimeout(Duration executionTimeout) {
            this.executionTimeout = positive(executionTimeout, "executionTimeout");
            return this;
        }

        /**
         * How long one connect attempt may take (default 20 s).
         *
         * @param connectTimeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * How long to wait before trying again to restore a room or webhook subscription whose
         * re-join after a reconnect was refused with a code that may pass ({@code UNAVAILABLE},
         * {@code TIMEOUT}, {@code INTERNAL}, {@code ACK_TIMEOUT}, {@code RATE_LIMITED}): {@code initial}
         * after the first refusal, doubling per refusal up to {@code max}, each wait randomised
         * between half and all of it. Default 250 ms to 5 s. See {@link MembershipListener}.
         *
         * @param initial the wait after the first refusal, positive
         * @param max     the longest wait, at least {@code initial}
         * @return this builder
         * @throws IllegalArgumentException if a duration is not positive or {@code max} is below
         *                                  {@code initial}
         */
        public Builder rejoinBackoff(Duration initial, Duration max) {
            positive(initial, "initial");
            positive(max, "max");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("max must be at least initial");
            }
            this.rejoinInitialBackoff = initial;
            this.rejoinMaxBackoff = max;
            return this;
        }

        /**
         * Where futures complete and listeners run (default: one daemon thread of the client).
         * Whatever executor is given, one client's callbacks run one at a time, in order. On
         * Android, pass the main thread's executor.
         *
         * @param callbackExecutor runs futures' completions and listeners; owned by the caller
         * @return this builder
         */
        public Builder callbackExecutor(Executor callbackExecutor) {
            this.callbackExecutor = Objects.requireNonNull(callbackExecutor, "callbackExecutor");
            return this;
        }

        /**
         * A shared OkHttp client for polling and websockets (many clients in one JVM should share
         * one with enough connections per host). The client never shuts it down. Without it each
         * client makes its own and releases it on close.
         *
         * @param okHttpClient the shared client; its timeouts and proxy settings apply
         * @return this builder
         */
        public Builder okHttpClient(OkHttpClient okHttpClient) {
            this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient");
            return this;
        }

        /**
         * Whether to reconnect by itself after the connection dropped (default true). Rooms joined
         * and webhook subscriptions are restored after a reconnect; requests in flight when the
         * connection dropped fail with {@code DISCONNECTED} and are not resent.
         *
         * @param reconnection false to stay disconnected until {@link IntegrationsClient#connect()}
         * @return this builder
         */
        public Builder reconnection(boolean reconnection) {
            this.reconnection = reconnection;
            return this;
        }

        /**
         * Whether to start with HTTP long-polling and upgrade to a websocket, as socket.io does by
         * default (for networks that block websockets). Default false: websocket only, which also
         * needs no sticky sessions when servers run behind a load balancer.
         *
         * @param allowPolling true to allow HTTP long-polling
         * @return this builder
         */
        public Builder allowPolling(boolean allowPolling) {
            this.allowPolling = allowPolling;
            return this;
        }

        /**
         * A new, not yet connected client.
         *
         * @return the client; call {@link IntegrationsClient#connect()}
         * @throws IllegalStateException if no server URL was set
         */
        public IntegrationsClient build() {
            if (serverUri == null) {
                throw new IllegalStateException("serverUrl is required");
            }
            return new IntegrationsClient(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }
    }
}
