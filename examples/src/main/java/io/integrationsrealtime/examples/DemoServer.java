package io.integrationsrealtime.examples;

import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.redis.RedisBackplane;
import io.integrationsrealtime.server.spi.Authorizer;
import io.integrationsrealtime.server.spi.Principal;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The demo server: server-core on the in-memory {@link DemoBackend}, usage pushed after every
 * execution, and simulated provider webhooks. Needs nothing installed or configured.
 */
public final class DemoServer implements AutoCloseable {

    /** The token every demo client sends; a real host verifies real tokens (e.g. JWTs). */
    public static final String TOKEN = "demo-token";

    private final IntegrationsServer server;
    private final WebhookSimulator webhooks;
    private final DemoBackend backend;
    private final RedisBackplane redis;

    private DemoServer(IntegrationsServer server, DemoBackend backend, WebhookSimulator webhooks, RedisBackplane redis) {
        this.server = server;
        this.backend = backend;
        this.webhooks = webhooks;
        this.redis = redis;
    }

    /**
     * @param port             0 for any free port
     * @param maxLatency       upper bound of simulated upstream latency
     * @param webhookInterval  how often each provider sends a webhook
     */
    public static DemoServer start(String host, int port, Duration maxLatency, Duration webhookInterval) {
        return start(host, port, maxLatency, webhookInterval, null);
    }

    /**
     * Like {@link #start(String, int, Duration, Duration)}; with a {@code redisUrl} (e.g.
     * {@code redis://127.0.0.1:6379}) this node joins a cluster: run several on different ports
     * and their clients share rooms, replay and idempotency (docs/scaling.md).
     */
    public static DemoServer start(String host, int port, Duration maxLatency, Duration webhookInterval, String redisUrl) {
        DemoBackend backend = new DemoBackend(maxLatency);
        RedisBackplane redis = redisUrl == null ? null : RedisBackplane.builder(redisUrl).connect();
        IntegrationsServer.Builder builder = IntegrationsServer.builder(backend);
        if (redis != null) {
            builder.roomEventBus(redis.eventBus()).idempotencyStore(redis.idempotencyStore());
        }
        IntegrationsServer server = builder
                .authenticator(credentials -> CompletableFuture.completedFuture(
                        TOKEN.equals(credentials.token()) ? Principal.of("demo-user") : null))
                // The demo has one project and one user: the user may use all of it.
                .authorizer(Authorizer.nonBlocking((principal, integration) -> true))
                // Browser pages served from this machine (the demo dashboard) may connect.
                .allowedOrigins(DemoServer::isLoopbackOrigin)
                .hostname(host).port(port).build().start();
        // Async: usage is reported on the thread that finished the run, which must not wait for Redis.
        backend.onUsage(server::publishUsageAsync);
        WebhookSimulator webhooks = new WebhookSimulator(server, backend.integrations(), webhookInterval);
        return new DemoServer(server, backend, webhooks, redis);
    }

    private static boolean isLoopbackOrigin(String origin) {
        try {
            String host = URI.create(origin).getHost();
            return "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
    }

    /** Whether this node shares its rooms with other nodes through Redis. */
    public boolean clustered() {
        return redis != null;
    }

    public int port() {
        return server.port();
    }

    public IntegrationsServer server() {
        return server;
    }

    DemoBackend backend() {
        return backend;
    }

    @Override
    public void close() {
        webhooks.close();
        server.close();
        if (redis != null) {
            redis.close();
        }
    }
}
