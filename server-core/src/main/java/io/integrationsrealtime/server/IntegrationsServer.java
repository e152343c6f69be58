package io.integrationsrealtime.server;

import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.namespace.Namespace;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.JsonObjects;
import io.integrationsrealtime.protocol.RequestRules;
import io.integrationsrealtime.protocol.Timestamps;
import io.integrationsrealtime.protocol.UsageUpdated;
import io.integrationsrealtime.protocol.WebhookReceived;
import io.integrationsrealtime.server.internal.engine.ConformantEngine;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.integrationsrealtime.server.spi.IntegrationRef;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import io.integrationsrealtime.server.spi.Authenticator;
import io.integrationsrealtime.server.spi.Authorizer;
import io.integrationsrealtime.server.spi.Principal;
import io.integrationsrealtime.server.cluster.RoomEventBus;
import io.integrationsrealtime.server.observe.ServerObserver;
import io.integrationsrealtime.server.observe.ServerState;
import io.integrationsrealtime.server.store.IdempotencyStore;
import io.integrationsrealtime.server.store.InMemoryIdempotencyStore;
import io.integrationsrealtime.server.store.InMemoryReplayLog;
import io.integrationsrealtime.server.store.ReplayLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The integrations realtime server: the protocol's handlers on a netty-socketio namespace, backed
 * by the host's {@link IntegrationBackend}.
 *
 * <p>Either start a standalone server:
 * <pre>{@code
 * IntegrationsServer server = IntegrationsServer.builder(backend).port(9092).build().start();
 * }</pre>
 * or attach the handlers to a netty-socketio server the host runs, whose configuration got this
 * library's settings first:
 * <pre>{@code
 * IntegrationsServer.Builder integrations = IntegrationsServer.builder(backend).authenticator(...).authorizer(...);
 * SocketIOServer hostServer = new SocketIOServer(integrations.applySecureDefaults(hostConfiguration));
 * IntegrationsServer server = integrations.attachTo(hostServer, "/integrations");
 * }</pre>
 * Then push inbound webhooks and usage with {@link #publishWebhook} and {@link #publishUsage}.
 *
 * <p>Threading: the protocol's handlers run on netty's event loops and never block them; the
 * host's {@link IntegrationBackend} and authorizer run on the
 * {@linkplain Builder#backendExecutor backend executor}. The publish methods are safe from any
 * thread. Stop with {@link #shutdown} (draining) or {@link #close()}.
 *
 * <p>Health: {@link #state()} and {@link #backplaneAvailable()} tell any host whether the server
 * serves; a {@link ServerObserver} ({@link Builder#observer}) gets metrics and traces
 * (docs/observability.md).
 */
public final class IntegrationsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IntegrationsServer.class);
    private static final Pattern WEBHOOK_EVENT = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final SocketIOServer ownServer;
    private final SocketIONamespace namespace;
    private final ExecutorService ownExecutor;
    private final ScheduledExecutorService timer;
    private final ServerContext context;
    private volatile int port = -1;

    private IntegrationsServer(Builder options, RoomEventBus eventBus, SocketIOServer ownServer, SocketIONamespace namespace,
                               SocketIONamespace guardedDefault, Executor executor, ExecutorService ownExecutor,
                               ServerObserver observer) {
        this.ownServer = ownServer;
        this.namespace = namespace;
        this.ownExecutor = ownExecutor;
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("integrations-timer-"));
        Gatekeeper gatekeeper = new Gatekeeper(namespace, options.authenticator, !options.anonymous, options.limits,
                timer, observer);
        gatekeeper.register();
        if (guardedDefault != null) {
            gatekeeper.guardDefaultNamespace(guardedDefault);
        }
        // Host code that declares it never blocks is called where the request was read, saving the
        // hand-off to the pool and back; a host-given executor is always used as given.
        boolean inline = ownExecutor != null && options.backend.neverBlocks() && options.authorizer.neverBlocks();
        this.context = new ServerContext(namespace, options.backend, options.authorizer, gatekeeper,
                options.limits, executor, inline, timer, options.backendDeadline, eventBus, options.idempotencyStore, observer);
        new MembershipFlows(context).register();
        new RunFlows(context).register();
        new StatusFlow(context).register();
        new StrayEvents(context).register();
        context.attachObserver(ownServer == null);
    }

    /**
     * Starts configuring a server around the host's backend.
     *
     * @param backend runs the integrations (see {@link IntegrationBackend} for its threading)
     * @return a builder; choose authentication before {@link Builder#build()}
     * @throws NullPointerException if {@code backend} is null
     */
    public static Builder builder(IntegrationBackend backend) {
        return new Builder(backend);
    }

    /**
     * Binds a standalone server and returns once it listens. Only for servers made by
     * {@link Builder#build()}; an attached server lives and dies with its host. A port that cannot
     * be bound fails with the bind's exception (e.g. {@code java.net.BindException}).
     *
     * @return this server, listening
     * @throws IllegalStateException if this server is attached to a host's {@code SocketIOServer}
     */
    public IntegrationsServer start() {
        if (ownServer == null) {
            throw new IllegalStateException("attached to a host's SocketIOServer: the host starts it");
        }
        ChannelFuture bound = (ChannelFuture) ownServer.startAsync().syncUninterruptibly();
        port = ((InetSocketAddress) bound.channel().localAddress()).getPort();
        context.moveTo(ServerState.SERVING);
        log.info("Integrations realtime server listening on port {}", port);
        return this;
    }

    /**
     * Where the server is in its life, for a host's health or readiness check: {@code STARTING}
     * until {@link #start()} (an attached server is {@code SERVING} from the start), then
     * {@code SERVING}, {@code DRAINING} during {@link #shutdown}, {@code STOPPED} after
     * {@link #close()}.
     *
     * @return the state now
     */
    public ServerState state() {
        return context.state();
    }

    /**
     * Whether the cluster backplane ({@link Builder#roomEventBus}, e.g. server-redis) is reachable;
     * always true without one. While false, publishes, joins with replay and idempotent executes
     * fail with {@code UNAVAILABLE}: a host's health check should report the node as down.
     *
     * @return false from the moment the bus reported an outage until it reported recovery
     */
    public boolean backplaneAvailable() {
        return context.backplaneAvailable();
    }

    /**
     * Where a standalone server listens; useful after {@code port(0)}.
     *
     * @return the bound port of a started standalone server; -1 before {@link #start()}, after
     *         {@link #close()}, and for an attached server
     */
    public int port() {
        return port;
    }

    /**
     * The namespace the handlers are registered on. A host may add its own listeners to it; the
     * protocol's event names are taken.
     *
     * @return the netty-socketio namespace ({@code /} for a standalone server)
     */
    public SocketIONamespace namespace() {
        return namespace;
    }

    /**
     * Mirrors an inbound webhook to the sockets subscribed to this integration's webhooks (and to
     * no one else: not to sockets of another project whose integration has the same id). Verify
     * the webhook's signature before calling this. Safe from any thread; with a cluster
     * {@link Builder#roomEventBus event bus} it waits for the bus (bounded by its timeout), so
     * prefer {@link #publishWebhookAsync} on an event loop.
     *
     * @param integration the project and integration the webhook belongs to
     * @param event       the webhook's type, e.g. {@code stripe.invoice.paid}: 1-128 characters of
     *                    {@code [A-Za-z0-9_.:-]}
     * @param data        the webhook's JSON object body (maps, lists, strings, numbers, booleans);
     *                    copied deeply, {@code null} is sent as {@code {}}
     * @return what was sent, with its sequence number in the webhook mirror
     * @throws IllegalArgumentException when an id is not 24 lowercase hex characters, or the event
     *         name does not match {@code [A-Za-z0-9_.:-]{1,128}}
     * @throws io.integrationsrealtime.server.spi.IntegrationFailure with {@code UNAVAILABLE} when
     *         the cluster's store is unreachable
     * @throws IllegalArgumentException when {@code data} holds a {@code byte[]}: room events are
     *         JSON, written once for every recipient; encode bytes as base64 in a string
     */
    public WebhookReceived publishWebhook(IntegrationRef integration, String event, Map<String, ?> data) {
        return await(publishWebhookAsync(integration, event, data));
    }

    /**
     * {@link #publishWebhook} without waiting: completes once the webhook is logged, or fails.
     * Never blocks, so it may be called on an event loop.
     *
     * @param integration the project and integration the webhook belongs to
     * @param event       the webhook's type, 1-128 characters of {@code [A-Za-z0-9_.:-]}
     * @param data        the webhook's JSON object body; {@code null} is sent as {@code {}}
     * @return completes with what was sent, on the publishing thread with the default in-memory
     *         bus or on the cluster bus's I/O thread (Lettuce's, with server-redis): do not block in
     *         dependent stages; fails with an {@code IntegrationFailure} with {@code UNAVAILABLE}
     *         when the cluster's store is unreachable
     * @throws IllegalArgumentException at once, when an id or {@code event} is malformed
     */
    public CompletableFuture<WebhookReceived> publishWebhookAsync(IntegrationRef integration, String event, Map<String, ?> data) {
        requireIds(integration);
        if (event == null || !WEBHOOK_EVENT.matcher(event).matches()) {
            throw new IllegalArgumentException("event must match " + WEBHOOK_EVENT.pattern());
        }
        refuseBinary(data);
        WebhookReceived received = new WebhookReceived(integration.integrationId(), event, JsonObjects.copyOf(data), Timestamps.now());
        CompletableFuture<WebhookReceived> published =
                context.roomEvents.publish(RoomKeys.webhooks(integration), Events.WEBHOOK_RECEIVED, received::withSeq);
        if (context.observing) {
            published.whenComplete((sent, failure) ->
                    context.observer.webhookMirrored(failure == null ? null : Observing.codeOf(failure)));
        }
        return published;
    }

    /**
     * Pushes usage counters to everyone in the integration's room (and no one else: not to sockets
     * of another project whose integration has the same id). Safe from any thread; like
     * {@link #publishWebhook}, it waits for a cluster bus, so prefer {@link #publishUsageAsync}
     * on an event loop.
     *
     * @param integration the project and integration the usage belongs to
     * @param usage       the counters, a free-form JSON object such as {@code {"requests": 43}};
     *                    copied deeply, {@code null} is sent as {@code {}}
     * @return what was sent, with its sequence number in the room
     * @throws IllegalArgumentException when an id is not 24 lowercase hex characters
     * @throws io.integrationsrealtime.server.spi.IntegrationFailure with {@code UNAVAILABLE} when
     *         the cluster's store is unreachable
     */
    public UsageUpdated publishUsage(IntegrationRef integration, Map<String, ?> usage) {
        return await(publishUsageAsync(integration, usage));
    }

    /**
     * {@link #publishUsage} without waiting: completes once the update is logged, or fails. Never
     * blocks, so it may be called on an event loop.
     *
     * @param integration the project and integration the usage belongs to
     * @param usage       the counters, a free-form JSON object; {@code null} is sent as {@code {}}
     * @return completes with what was sent, on the same threads as
     *         {@link #publishWebhookAsync}; fails with an {@code IntegrationFailure} with
     *         {@code UNAVAILABLE} when the cluster's store is unreachable
     * @throws IllegalArgumentException at once, when an id is malformed or {@code usage} holds a
     *                                  {@code byte[]}
     */
    public CompletableFuture<UsageUpdated> publishUsageAsync(IntegrationRef integration, Map<String, ?> usage) {
        requireIds(integration);
        refuseBinary(usage);
        UsageUpdated updated = new UsageUpdated(integration.integrationId(), JsonObjects.copyOf(usage), Timestamps.now());
        return context.roomEvents.publish(RoomKeys.integration(integration), Events.USAGE_UPDATED, updated::withSeq);
    }

    /**
     * An attached host keeps netty-socketio's own Engine.IO layer when it has a pipeline factory
     * of its own, or when it had already started: say so once, on the first connection.
     */
    private void warnIfNotConformant(ConformantEngine engine) {
        if (engine == null) {
            log.warn("the host's SocketIOServer has its own pipeline factory, so it keeps netty-socketio's "
                    + "Engine.IO layer, which deviates from the Socket.IO v4 protocol (see docs/clients.md)");
            return;
        }
        java.util.concurrent.atomic.AtomicBoolean checked = new java.util.concurrent.atomic.AtomicBoolean();
        namespace.addConnectListener(client -> {
            if (!engine.started() && checked.compareAndSet(false, true)) {
                log.warn("attached after the host's SocketIOServer started: it keeps netty-socketio's Engine.IO "
                        + "layer, which deviates from the Socket.IO v4 protocol; attach before host.start() "
                        + "(see docs/clients.md)");
            }
        });
    }

    /** The value, or the publish's own exception (not wrapped in a CompletionException). */
    private static <T> T await(CompletableFuture<T> published) {
        try {
            return published.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Graceful shutdown: refuses new requests with {@code UNAVAILABLE}, waits up to {@code drain}
     * for running executions to end (their callers get their outcome), then {@link #close()}s.
     * Clients see a disconnect and reconnect, to another node when there is one. Blocks the caller.
     *
     * @param drain the longest wait for running executions; after it the server closes anyway
     *              (logged at WARN), and callers still waiting see a disconnect
     */
    public void shutdown(Duration drain) {
        try {
            context.drain().get(drain.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            log.warn("shutdown: executions still running after {} ms; closing anyway", drain.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        close();
    }

    /**
     * Stops a standalone server and the executors this server made; an attached one only its
     * executors. A standalone server's event loops end once they have been idle for 100 ms, not
     * netty's default 2 s per loop group, so this returns in about a tenth of a second when nothing
     * is running. Connections still open are closed (clients see their transport close and
     * reconnect); {@link #shutdown} drains executions first.
     */
    @Override
    public void close() {
        context.moveTo(ServerState.STOPPED);
        if (ownServer != null && port != -1) {
            ownServer.stop();
            port = -1;
        }
        timer.shutdownNow();
        if (ownExecutor != null) {
            ownExecutor.shutdown();
            try {
                ownExecutor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Room events are JSON written once for all recipients and kept for replay: no byte arrays in them. */
    private static void refuseBinary(Map<String, ?> data) {
        if (BinaryPayloads.contains(data)) {
            throw new IllegalArgumentException("byte[] values cannot be pushed to a room; encode them (base64) in a string");
        }
    }

    private static void requireIds(IntegrationRef integration) {
        Objects.requireNonNull(integration, "integration");
        String problem = RequestRules.checkIds(integration.projectId(), integration.integrationId(), null);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Options of a server. Authentication must be chosen explicitly ({@link #authenticator} with an
     * {@link #authorizer}, or {@link #allowAnonymous()}); everything else has a safe default.
     */
    public static final class Builder {

        private final IntegrationBackend backend;
        private String hostname;
        private int port = 9092;
        private Executor backendExecutor;
        private Consumer<Configuration> configurer = configuration -> { };
        private Authenticator authenticator;
        private Authorizer authorizer;
        private boolean anonymous;
        private boolean hostServesDefaultNamespace;
        private Predicate<String> originAllowed = origin -> false;
        private Limits limits = Limits.DEFAULTS;
        private Duration backendDeadline = Duration.ofSeconds(90);
        private ReplayLog replayLog;
        private RoomEventBus eventBus;
        private IdempotencyStore idempotencyStore;
        private final List<ServerObserver> observers = new ArrayList<>();
        private String namespaceName = Namespace.DEFAULT_NAME;

        private Builder(IntegrationBackend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
        }

        /**
         * Turns each connection's token into a principal; see {@link Authenticator} for threading.
         * Required, with {@link #authorizer}, unless {@link #allowAnonymous()}.
         *
         * @param authenticator the host's token check
         * @return this builder
         */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        /**
         * Decides, on every request, whether the principal may use the integration. Required, with
         * {@link #authenticator}, unless {@link #allowAnonymous()}.
         *
         * @param authorizer the host's access check, called on the backend executor
         * @return this builder
         */
        public Builder authorizer(Authorizer authorizer) {
            this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
            return this;
        }

        /**
         * No authentication: every socket is the principal "anonymous" and, unless an
         * {@link #authorizer} says otherwise, may use every integration the backend knows. For
         * demos and tests on loopback, never for a server others can reach.
         *
         * @return this builder
         */
        public Builder allowAnonymous() {
            this.anonymous = true;
            return this;
        }

        /**
         * Browser origins allowed to connect to a standalone server (or to a host's server given
         * {@link #applySecureDefaults}), e.g.
         * {@code https://app.example.com}. A handshake with any other {@code Origin} header is
         * refused (HTTP 401); clients that send no Origin (Java, Android, Node) are not affected.
         * Default: none. Replaces any earlier origins or rule.
         *
         * @param origins exact {@code Origin} header values (scheme, host, and port if not the
         *                default); no duplicates, no nulls
         * @return this builder
         */
        public Builder allowedOrigins(String... origins) {
            Set<String> allowed = Set.of(origins);
            this.originAllowed = allowed::contains;
            return this;
        }

        /**
         * Like {@link #allowedOrigins(String...)}, with a rule, e.g. for every subdomain of a site.
         *
         * @param rule given each browser handshake's {@code Origin} header value, on a netty event
         *             loop: answer quickly, without I/O
         * @return this builder
         */
        public Builder allowedOrigins(Predicate<String> rule) {
            this.originAllowed = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /**
         * How long any backend or authorizer call may take (default 90 s, below the Java client's
         * 120 s execution timeout); a run still going then ends as failed with {@code TIMEOUT}.
         *
         * @param deadline positive
         * @return this builder
         * @throws IllegalArgumentException if {@code deadline} is zero or negative
         */
        public Builder backendDeadline(Duration deadline) {
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline must be positive");
            }
            this.backendDeadline = deadline;
            return this;
        }

        /**
         * Where room events are kept for replay to reconnecting clients; default an
         * {@link InMemoryReplayLog} of this server (1,000 events or 2 minutes per room). Share one
         * across restarts of a single node to replay across them; for several nodes, give a
         * cluster {@link #roomEventBus} instead (setting both fails the build).
         *
         * @param replayLog the log this server numbers and keeps room events in
         * @return this builder
         */
        public Builder replayLog(ReplayLog replayLog) {
            this.replayLog = Objects.requireNonNull(replayLog, "replayLog");
            return this;
        }

        /**
         * How room events are numbered, logged and carried between nodes, e.g. the server-redis
         * module's bus, so that N nodes behind a load balancer act as one. Default: this node
         * alone, with its {@link #replayLog}. The bus belongs to the caller: closing the server
         * does not close it. One bus per server.
         *
         * @param bus e.g. {@code RedisBackplane.eventBus()}
         * @return this builder
         */
        public Builder roomEventBus(RoomEventBus bus) {
            this.eventBus = Objects.requireNonNull(bus, "bus");
            return this;
        }

        /**
         * Where execute outcomes are kept by requestId; default an {@link InMemoryIdempotencyStore}
         * (10 minutes, at most 100,000 keys and 32 MiB, oldest forgotten first). Nodes behind one
         * load balancer share one, e.g. {@code RedisBackplane.idempotencyStore()}.
         *
         * @param store where outcomes are claimed and kept
         * @return this builder
         */
        public Builder idempotencyStore(IdempotencyStore store) {
            this.idempotencyStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Per-connection limits; default {@link Limits#DEFAULTS}. A standalone server also sizes
         * netty's frame limits from {@link Limits#maxPayloadBytes()}.
         *
         * @param limits e.g. {@code Limits.DEFAULTS.withRate(50, 100)}
         * @return this builder
         */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Address a standalone server binds; default: every interface.
         *
         * @param hostname a host name or IP address, e.g. {@code 127.0.0.1}; {@code null} for every
         *                 interface
         * @return this builder
         */
        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        /**
         * Port a standalone server binds; 0 picks a free one (see {@link IntegrationsServer#port()}).
         * Default 9092.
         *
         * @param port 0 to 65535
         * @return this builder
         * @throws IllegalArgumentException if {@code port} is out of range
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Where backend and authorizer methods are called. Default: a FIFO {@code ForkJoinPool} of
         * {@code max(4, 2 x cores)} daemon threads owned (and shut down) by the server. A given
         * executor is not shut down, and is used even for host code that
         * {@linkplain IntegrationBackend#neverBlocks() never blocks} (without one, such code is
         * called on the netty event loop that read the request). {@code Runnable::run} calls them
         * on that event loop too: only for a backend and authorizer that never block (it saves a
         * thread hand-off per request; one blocking call stalls every connection on that loop).
         *
         * @param executor runs backend and authorizer calls; owned by the caller
         * @return this builder
         */
        public Builder backendExecutor(Executor executor) {
            this.backendExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Adds an observer of requests, refusals, runs, replays, webhook mirrors, backplane outages
         * and state, e.g. the integrations-realtime-micrometer module's. Several may be added; each
         * is told everything, in the order added. Without one, observing costs nothing per request.
         *
         * @param observer the observer (see {@link ServerObserver} for its threading)
         * @return this builder
         */
        public Builder observer(ServerObserver observer) {
            this.observers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /**
         * The Socket.IO namespace a standalone server serves the protocol on (default {@code /});
         * clients put it in their URL's path ({@code http://host:9092/integrations}). Also the
         * namespace {@link #attachTo(SocketIOServer)} attaches to.
         *
         * @param name starts with {@code /}, e.g. {@code /integrations}
         * @return this builder
         * @throws IllegalArgumentException if {@code name} does not start with {@code /}
         */
        public Builder namespace(String name) {
            if (name == null || !name.startsWith("/")) {
                throw new IllegalArgumentException("namespace must start with /");
            }
            // netty-socketio names the default namespace "" (clients' "/").
            this.namespaceName = name.equals("/") ? Namespace.DEFAULT_NAME : name;
            return this;
        }

        /**
         * Adjusts the netty-socketio configuration of a standalone server (TLS, ping). Runs after
         * this library's defaults; {@code AckMode} and the JSON support are forced back.
         *
         * @param configurer called once, by {@link #build()}
         * @return this builder
         */
        public Builder configure(Consumer<Configuration> configurer) {
            this.configurer = Objects.requireNonNull(configurer, "configurer");
            return this;
        }

        /**
         * A standalone server on its own netty-socketio {@code SocketIOServer}, not yet listening.
         *
         * @return the server; call {@link IntegrationsServer#start()}
         * @throws IllegalStateException if no authentication was chosen, or both
         *                               {@link #replayLog} and {@link #roomEventBus} were set
         */
        public IntegrationsServer build() {
            checkAuthChoice();
            Configuration configuration = new Configuration();
            configuration.setHostname(hostname);
            configuration.setPort(port);
            // A restart right after shutdown binds at once, despite the closed connections in TIME_WAIT.
            configuration.getSocketConfig().setReuseAddress(true);
            SecureSettings.apply(configuration, limits, originAllowed, this::observer);
            configurer.accept(configuration);
            configuration.setAckMode(AckMode.MANUAL);
            SafeJsonSupport json = new SafeJsonSupport();
            configuration.setJsonSupport(json);
            SocketIOServer server = new OwnSocketIOServer(configuration);
            SocketIONamespace served = Namespace.DEFAULT_NAME.equals(namespaceName)
                    ? server.getNamespace(Namespace.DEFAULT_NAME) : server.addNamespace(namespaceName);
            // Engine.IO v4 / Socket.IO v5 as specified, in front of netty-socketio (docs/clients.md).
            ConformantEngine engine = ConformantEngine.install(server, json, limits.authTimeout());
            IntegrationsServer created = create(server, served, null, observer());
            created.context.roomEvents.writeThrough(engine);
            return created;
        }

        /**
         * Gives a host's own netty-socketio configuration the settings a standalone server of this
         * builder has, so that the host can {@link #attachTo attach}: {@code AckMode.MANUAL},
         * {@link SafeJsonSupport}, {@link SafeExceptionListener}, random session ids, no version
         * header, websocket and HTTP compression off, frames and HTTP bodies capped at 16 x the
         * {@link #limits payload limit}, and the {@link #allowedOrigins origin check} (a handshake
         * it lets through goes on to the host's own authorization listener, if it set one). Call it
         * before {@code new SocketIOServer(configuration)}, which copies the configuration. Ports,
         * TLS, pings and threads stay the host's.
         *
         * @param configuration the host's configuration, changed in place
         * @return the same configuration
         */
        public Configuration applySecureDefaults(Configuration configuration) {
            SecureSettings.apply(configuration, limits, originAllowed, this::observer);
            return configuration;
        }

        /**
         * Attaches to the {@link #namespace} of a host's server (default {@code /}); see
         * {@link #attachTo(SocketIOServer, String)}.
         *
         * @param host the host's server, not started yet (see {@link #attachTo(SocketIOServer, String)})
         * @return the server, ready when the host is
         * @throws IllegalStateException as {@link #attachTo(SocketIOServer, String)}
         */
        public IntegrationsServer attachTo(SocketIOServer host) {
            return attachTo(host, namespaceName);
        }

        /**
         * Attaches to {@code namespaceName} of a host's server, adding the namespace if needed.
         * The host's configuration must have the settings {@link #applySecureDefaults} gives it
         * ({@code AckMode.MANUAL}, random session ids, no version header, {@link SafeJsonSupport},
         * {@link SafeExceptionListener}); otherwise this throws, naming each missing setting.
         *
         * <p>netty-socketio puts every transport in its default namespace {@code /}. On a namespace
         * other than {@code /}, the server therefore also guards {@code /}: a transport that uses
         * no other namespace is closed after the auth timeout, as on a standalone server, unless
         * the host serves its own clients there ({@link #hostServesDefaultNamespace()}).
         *
         * <p>Attach before {@code host.start()}: that installs this library's Engine.IO v4 /
         * Socket.IO v5 layer in front of netty-socketio (docs/clients.md). A host that had already
         * started, or that set its own pipeline factory, keeps netty-socketio's layer, which
         * deviates from the protocol; a WARN says so. The host's own ports, TLS and pings are left
         * as they are; {@link #hostname}, {@link #port} and {@link #configure} do not apply.
         *
         * @param host          the host's server, not started yet; the host starts and stops it
         * @param namespaceName e.g. {@code /integrations}
         * @return the server, ready when the host is
         * @throws IllegalStateException when the host's configuration lacks a setting, no
         *         authentication was chosen, or both {@link #replayLog} and {@link #roomEventBus}
         *         were set
         */
        public IntegrationsServer attachTo(SocketIOServer host, String namespaceName) {
            checkAuthChoice();
            List<String> missing = SecureSettings.missing(host);
            if (!missing.isEmpty()) {
                throw new IllegalStateException("cannot attach to this SocketIOServer, its configuration is not secure: "
                        + String.join("; ", missing) + ". Call IntegrationsServer.builder(...)...applySecureDefaults"
                        + "(configuration) before new SocketIOServer(configuration).");
            }
            SocketIONamespace namespace = host.getNamespace(namespaceName);
            if (namespace == null) {
                namespace = host.addNamespace(namespaceName);
            }
            ConformantEngine engine = ConformantEngine.install(host, host.getConfiguration().getJsonSupport(), limits.authTimeout());
            boolean guardDefault = !hostServesDefaultNamespace && !Namespace.DEFAULT_NAME.equals(namespace.getName());
            IntegrationsServer attached = create(null, namespace, guardDefault ? host.getNamespace(Namespace.DEFAULT_NAME) : null,
                    observer());
            attached.warnIfNotConformant(engine);
            attached.context.roomEvents.writeThrough(engine);
            return attached;
        }

        /**
         * For {@link #attachTo(SocketIOServer, String) attaching} to a namespace other than
         * {@code /} of a host that serves its own clients on {@code /} (and authenticates them
         * itself): transports that only use {@code /} are then left open. Without it, they are
         * closed after the {@link Limits#authTimeout() auth timeout}.
         *
         * @return this builder
         */
        public Builder hostServesDefaultNamespace() {
            this.hostServesDefaultNamespace = true;
            return this;
        }

        private void checkAuthChoice() {
            if (anonymous) {
                if (authenticator == null) {
                    authenticator = credentials -> CompletableFuture.completedFuture(Principal.of("anonymous"));
                }
                if (authorizer == null) {
                    authorizer = Authorizer.nonBlocking((principal, integration) -> true);
                }
            } else if (authenticator == null || authorizer == null) {
                throw new IllegalStateException("choose authentication: authenticator(...) and authorizer(...), "
                        + "or allowAnonymous() for demos and tests");
            }
        }

        /** The observers as one (guarded: what they throw never reaches a flow), or NONE without any. */
        private ServerObserver observer() {
            return observers.isEmpty() ? ServerObserver.NONE : ServerObserver.of(observers.toArray(ServerObserver[]::new));
        }

        private IntegrationsServer create(SocketIOServer server, SocketIONamespace namespace, SocketIONamespace guardedDefault,
                                          ServerObserver observer) {
            if (eventBus != null && replayLog != null) {
                throw new IllegalStateException("choose replayLog(...) or roomEventBus(...): a cluster bus keeps its own log");
            }
            RoomEventBus bus = eventBus != null ? eventBus
                    : new LocalRoomEventBus(replayLog != null ? replayLog : new InMemoryReplayLog());
            if (idempotencyStore == null) {
                idempotencyStore = new InMemoryIdempotencyStore();
            }
            if (backendExecutor != null) {
                return new IntegrationsServer(this, bus, server, namespace, guardedDefault, backendExecutor, null, observer);
            }
            ExecutorService owned = BackendPool.create();
            return new IntegrationsServer(this, bus, server, namespace, guardedDefault, owned, owned, observer);
        }
    }

    /**
     * Netty's own thread type: events sent from these threads take objects from netty's
     * per-thread pools (write tasks, buffers), which a plain thread reaches only through a slower
     * ThreadLocal.
     */
    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new FastThreadLocalThread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
