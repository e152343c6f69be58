package io.integrationsrealtime.server;

import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.namespace.Namespace;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.JsonObjects;
import io.integrationsrealtime.protocol.RequestRules;
import io.integrationsrealtime.protocol.Rooms;
import io.integrationsrealtime.protocol.Timestamps;
import io.integrationsrealtime.protocol.UsageUpdated;
import io.integrationsrealtime.protocol.WebhookReceived;
import io.integrationsrealtime.server.internal.engine.ConformantEngine;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import io.integrationsrealtime.server.spi.Authenticator;
import io.integrationsrealtime.server.spi.Authorizer;
import io.integrationsrealtime.server.spi.Principal;
import io.integrationsrealtime.server.cluster.RoomEventBus;
import io.integrationsrealtime.server.store.IdempotencyStore;
import io.integrationsrealtime.server.store.InMemoryIdempotencyStore;
import io.integrationsrealtime.server.store.InMemoryReplayLog;
import io.integrationsrealtime.server.store.ReplayLog;
import java.time.Duration;
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
 * or attach the handlers to a netty-socketio server the host already runs (its {@code AckMode}
 * must be {@code MANUAL}, because outcomes are acknowledged after the host's work completes):
 * <pre>{@code
 * IntegrationsServer server = IntegrationsServer.builder(backend).attachTo(hostServer, "/integrations");
 * }</pre>
 * Then push inbound webhooks and usage with {@link #publishWebhook} and {@link #publishUsage}.
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
                               Executor executor, ExecutorService ownExecutor) {
        this.ownServer = ownServer;
        this.namespace = namespace;
        this.ownExecutor = ownExecutor;
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("integrations-timer-"));
        Gatekeeper gatekeeper = new Gatekeeper(namespace, options.authenticator, !options.anonymous, options.limits, timer);
        gatekeeper.register();
        this.context = new ServerContext(namespace, options.backend, options.authorizer, gatekeeper,
                options.limits, executor, timer, options.backendDeadline, eventBus, options.idempotencyStore);
        new MembershipFlows(context).register();
        new RunFlows(context).register();
        new StatusFlow(context).register();
        new StrayEvents(context).register();
    }

    public static Builder builder(IntegrationBackend backend) {
        return new Builder(backend);
    }

    /**
     * Binds a standalone server and returns once it listens. Only for servers made by
     * {@link Builder#build()}; an attached server lives and dies with its host.
     */
    public IntegrationsServer start() {
        if (ownServer == null) {
            throw new IllegalStateException("attached to a host's SocketIOServer: the host starts it");
        }
        ChannelFuture bound = (ChannelFuture) ownServer.startAsync().syncUninterruptibly();
        port = ((InetSocketAddress) bound.channel().localAddress()).getPort();
        log.info("Integrations realtime server listening on port {}", port);
        return this;
    }

    /** The bound port of a started standalone server (useful after {@code port(0)}), else -1. */
    public int port() {
        return port;
    }

    /** The namespace the handlers are registered on. */
    public SocketIONamespace namespace() {
        return namespace;
    }

    /**
     * Mirrors an inbound webhook to the sockets subscribed to this integration's webhooks (and to
     * no one else). Verify the webhook's signature before calling this. Safe from any thread;
     * with a cluster {@link Builder#roomEventBus event bus} it waits for the bus (bounded by its
     * timeout), so prefer {@link #publishWebhookAsync} on an event loop.
     *
     * @param event the webhook's type, e.g. {@code stripe.invoice.paid}
     * @param data  the webhook's JSON object body
     * @return what was sent
     * @throws io.integrationsrealtime.server.spi.IntegrationFailure with {@code UNAVAILABLE} when
     *         the cluster's store is unreachable
     * @throws IllegalArgumentException when {@code data} holds a {@code byte[]}: room events are
     *         JSON, written once for every recipient; encode bytes as base64 in a string
     */
    public WebhookReceived publishWebhook(String integrationId, String event, Map<String, ?> data) {
        return await(publishWebhookAsync(integrationId, event, data));
    }

    /** {@link #publishWebhook} without waiting: completes once the webhook is logged, or fails. */
    public CompletableFuture<WebhookReceived> publishWebhookAsync(String integrationId, String event, Map<String, ?> data) {
        requireId(integrationId);
        if (event == null || !WEBHOOK_EVENT.matcher(event).matches()) {
            throw new IllegalArgumentException("event must match " + WEBHOOK_EVENT.pattern());
        }
        refuseBinary(data);
        WebhookReceived received = new WebhookReceived(integrationId, event, JsonObjects.copyOf(data), Timestamps.now());
        return context.roomEvents.publish(Rooms.webhooks(integrationId), Events.WEBHOOK_RECEIVED, received::withSeq);
    }

    /** Pushes usage counters to everyone in the integration's room. Safe from any thread; see {@link #publishWebhook}. */
    public UsageUpdated publishUsage(String integrationId, Map<String, ?> usage) {
        return await(publishUsageAsync(integrationId, usage));
    }

    /** {@link #publishUsage} without waiting: completes once the update is logged, or fails. */
    public CompletableFuture<UsageUpdated> publishUsageAsync(String integrationId, Map<String, ?> usage) {
        requireId(integrationId);
        refuseBinary(usage);
        UsageUpdated updated = new UsageUpdated(integrationId, JsonObjects.copyOf(usage), Timestamps.now());
        return context.roomEvents.publish(Rooms.integration(integrationId), Events.USAGE_UPDATED, updated::withSeq);
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

    /** Stops a standalone server and the executors this server made; an attached one only its executors. */
    @Override
    public void close() {
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

    private static void requireId(String integrationId) {
        if (integrationId == null || !RequestRules.ID.matcher(integrationId).matches()) {
            throw new IllegalArgumentException("integrationId must be 24 lowercase hex characters");
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
        private Predicate<String> originAllowed = origin -> false;
        private Limits limits = Limits.DEFAULTS;
        private Duration backendDeadline = Duration.ofSeconds(90);
        private ReplayLog replayLog;
        private RoomEventBus eventBus;
        private IdempotencyStore idempotencyStore;

        private Builder(IntegrationBackend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
        }

        /** Turns each connection's token into a principal; see {@link Authenticator} for threading. */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        /** Decides, on every request, whether the principal may use the integration. */
        public Builder authorizer(Authorizer authorizer) {
            this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
            return this;
        }

        /**
         * No authentication: every socket is the principal "anonymous" and, unless an
         * {@link #authorizer} says otherwise, may use every integration the backend knows. For
         * demos and tests on loopback, never for a server others can reach.
         */
        public Builder allowAnonymous() {
            this.anonymous = true;
            return this;
        }

        /**
         * Browser origins allowed to connect to a standalone server, e.g.
         * {@code https://app.example.com}. A handshake with any other {@code Origin} header is
         * refused (HTTP 401); clients that send no Origin (Java, Android, Node) are not affected.
         * Default: none.
         */
        public Builder allowedOrigins(String... origins) {
            Set<String> allowed = Set.of(origins);
            this.originAllowed = allowed::contains;
            return this;
        }

        /** Like {@link #allowedOrigins(String...)}, with a rule, e.g. for every subdomain of a site. */
        public Builder allowedOrigins(Predicate<String> rule) {
            this.originAllowed = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /**
         * How long any backend or authorizer call may take (default 90 s, below the Java client's
         * 120 s execution timeout); a run still going then ends as failed with {@code TIMEOUT}.
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
         * cluster {@link #roomEventBus} instead.
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
         */
        public Builder roomEventBus(RoomEventBus bus) {
            this.eventBus = Objects.requireNonNull(bus, "bus");
            return this;
        }

        /**
         * Where execute outcomes are kept by requestId; default an {@link InMemoryIdempotencyStore}
         * (10 minutes, at most 100,000 keys and 32 MiB, oldest forgotten first).
         */
        public Builder idempotencyStore(IdempotencyStore store) {
            this.idempotencyStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Per-connection limits; default {@link Limits#DEFAULTS}. */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Address to bind; default: every interface. */
        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        /** Port to bind; 0 picks a free one (see {@link IntegrationsServer#port()}). Default 9092. */
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
         * executor is not shut down. {@code Runnable::run} calls them on the netty event loop
         * that read the request: only for a backend and authorizer that never block (it saves
         * a thread hand-off per request; one blocking call stalls every connection on that loop).
         */
        public Builder backendExecutor(Executor executor) {
            this.backendExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Adjusts the netty-socketio configuration of a standalone server (TLS, ping). Runs after
         * this library's defaults; {@code AckMode} and the JSON support are forced back.
         */
        public Builder configure(Consumer<Configuration> configurer) {
            this.configurer = Objects.requireNonNull(configurer, "configurer");
            return this;
        }

        /** A standalone server; call {@link IntegrationsServer#start()}. */
        public IntegrationsServer build() {
            checkAuthChoice();
            Configuration configuration = new Configuration();
            configuration.setHostname(hostname);
            configuration.setPort(port);
            // Measured: permessage-deflate costs ~3x CPU per round trip and ~7x RSS per idle connection.
            configuration.setWebsocketCompression(false);
            configuration.setHttpCompression(false);
            // A client-chosen session id would allow session fixation.
            configuration.setRandomSession(true);
            configuration.setAddVersionHeader(false);
            // Requests over maxPayloadBytes get PAYLOAD_TOO_LARGE; only far larger frames drop the connection.
            configuration.setMaxFramePayloadLength(limits.maxPayloadBytes() * 16);
            configuration.setMaxHttpContentLength(limits.maxPayloadBytes() * 16);
            configuration.setAuthorizationListener(new OriginCheck(originAllowed));
            // Bad frames and packets: one WARN line each instead of ERROR with the client's bytes and a stack trace.
            configuration.setExceptionListener(new SafeExceptionListener());
            configurer.accept(configuration);
            configuration.setAckMode(AckMode.MANUAL);
            SafeJsonSupport json = new SafeJsonSupport();
            configuration.setJsonSupport(json);
            SocketIOServer server = new SocketIOServer(configuration);
            // Engine.IO v4 / Socket.IO v5 as specified, in front of netty-socketio (docs/clients.md).
            ConformantEngine.install(server, json, limits.authTimeout());
            return create(server, server.getNamespace(Namespace.DEFAULT_NAME));
        }

        /** Attaches to the default namespace of a host's server. */
        public IntegrationsServer attachTo(SocketIOServer host) {
            return attachTo(host, Namespace.DEFAULT_NAME);
        }

        /**
         * Attaches to {@code namespaceName} of a host's server, adding the namespace if needed. The
         * host's configuration must use {@code AckMode.MANUAL}; give it {@link SafeJsonSupport} so
         * that undecodable and unknown events are answered (and not logged with their payload).
         */
        public IntegrationsServer attachTo(SocketIOServer host, String namespaceName) {
            checkAuthChoice();
            if (host.getConfiguration().getAckMode() != AckMode.MANUAL) {
                throw new IllegalStateException("the host's SocketIOServer must use AckMode.MANUAL: outcomes are "
                        + "acknowledged after the backend completes, and other modes drop late acks");
            }
            SocketIONamespace namespace = host.getNamespace(namespaceName);
            if (namespace == null) {
                namespace = host.addNamespace(namespaceName);
            }
            ConformantEngine engine = ConformantEngine.install(host, host.getConfiguration().getJsonSupport(), limits.authTimeout());
            IntegrationsServer attached = create(null, namespace);
            attached.warnIfNotConformant(engine);
            return attached;
        }

        private void checkAuthChoice() {
            if (anonymous) {
                if (authenticator == null) {
                    authenticator = credentials -> CompletableFuture.completedFuture(Principal.of("anonymous"));
                }
                if (authorizer == null) {
                    authorizer = (principal, integration) -> CompletableFuture.completedFuture(true);
                }
            } else if (authenticator == null || authorizer == null) {
                throw new IllegalStateException("choose authentication: authenticator(...) and authorizer(...), "
                        + "or allowAnonymous() for demos and tests");
            }
        }

        private IntegrationsServer create(SocketIOServer server, SocketIONamespace namespace) {
            if (eventBus != null && replayLog != null) {
                throw new IllegalStateException("choose replayLog(...) or roomEventBus(...): a cluster bus keeps its own log");
            }
            RoomEventBus bus = eventBus != null ? eventBus
                    : new LocalRoomEventBus(replayLog != null ? replayLog : new InMemoryReplayLog());
            if (idempotencyStore == null) {
                idempotencyStore = new InMemoryIdempotencyStore();
            }
            if (backendExecutor != null) {
                return new IntegrationsServer(this, bus, server, namespace, backendExecutor, null);
            }
            ExecutorService owned = BackendPool.create();
            return new IntegrationsServer(this, bus, server, namespace, owned, owned);
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
