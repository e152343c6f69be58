package io.integrationsrealtime.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The "integrations.realtime.*" properties of the auto-configured server
 * (docs/spring-boot.md lists them with examples).
 *
 * @param enabled         whether to configure a server at all (it also needs an
 *                        "IntegrationBackend" bean)
 * @param port            port of the standalone server; 0 picks a free one
 * @param host            address the standalone server binds, e.g. "127.0.0.1"; every
 *                        interface when unset
 * @param namespace       Socket.IO namespace the protocol is served on (also the one attached to on
 *                        an application's own "SocketIOServer" bean)
 * @param allowedOrigins  browser origins allowed to connect to the standalone server, e.g.
 *                        "https://app.example.com"; none by default
 * @param allowAnonymous  serve without authentication when no "Authenticator" bean exists (for
 *                        demos and tests on loopback only)
 * @param authTimeout     how long a socket may stay connected without authenticating
 * @param backendDeadline how long a backend or authorizer call may take before the run fails with
 *                        "TIMEOUT"
 * @param drainTimeout    at shutdown, the longest wait for running executions before the server
 *                        closes anyway; keep it within "spring.lifecycle.timeout-per-shutdown-phase"
 * @param limits          per-connection limits
 * @param redis           the optional Redis backplane
 * @param metrics         Micrometer options
 */
@ConfigurationProperties("integrations.realtime")
public record IntegrationsRealtimeProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("9092") int port,
        String host,
        @DefaultValue("/") String namespace,
        List<String> allowedOrigins,
        @DefaultValue("false") boolean allowAnonymous,
        @DefaultValue("10s") Duration authTimeout,
        @DefaultValue("90s") Duration backendDeadline,
        @DefaultValue("30s") Duration drainTimeout,
        @DefaultValue Limits limits,
        @DefaultValue Redis redis,
        @DefaultValue Metrics metrics) {

    /**
     * Binds the properties; lists left unset become empty.
     *
     * @param enabled         whether to configure a server
     * @param port            port of the standalone server
     * @param host            address it binds, or "null"
     * @param namespace       the Socket.IO namespace
     * @param allowedOrigins  allowed browser origins
     * @param allowAnonymous  serve without authentication
     * @param authTimeout     authentication timeout
     * @param backendDeadline backend deadline
     * @param drainTimeout    drain timeout at shutdown
     * @param limits          per-connection limits
     * @param redis           Redis backplane options
     * @param metrics         Micrometer options
     */
    public IntegrationsRealtimeProperties {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }

    /**
     * Per-connection limits ("integrations.realtime.limits.*"); a request over one is refused
     * with a typed error and the connection stays usable.
     *
     * @param maxPayloadBytes   largest request payload in bytes of JSON, at least 1024
     * @param maxRooms          integration rooms plus webhook mirrors one socket may be in
     * @param maxInFlight       requests of one socket still waiting for their outcome
     * @param requestsPerSecond sustained request rate of one socket
     * @param burst             requests a socket may send at once above that rate
     */
    public record Limits(
            @DefaultValue("65536") int maxPayloadBytes,
            @DefaultValue("100") int maxRooms,
            @DefaultValue("64") int maxInFlight,
            @DefaultValue("100") double requestsPerSecond,
            @DefaultValue("200") int burst) {
    }

    /**
     * The Redis backplane ("integrations.realtime.redis.*"): set "url" to run several
     * nodes as one (needs integrations-realtime-server-redis on the class path).
     *
     * @param url            a Redis URL, e.g. "redis://127.0.0.1:6379", "redis-sentinel://h1:26379,h2:26379#master"
     *                       or "redis-cluster://h1:6379,h2:6379" (see RedisBackplane.builder); no backplane
     *                       when unset
     * @param keyPrefix      prefix of every key and of the events channel; nodes of one cluster share it
     * @param commandTimeout how long one Redis command (and connecting) may take
     */
    public record Redis(
            String url,
            @DefaultValue("ir:") String keyPrefix,
            @DefaultValue("2s") Duration commandTimeout) {
    }

    /**
     * Micrometer options ("integrations.realtime.metrics.*").
     *
     * @param endpointTag  whether timers of executes and tests carry an "endpoint" tag; only for
     *                     a small, fixed set of endpoints (each becomes a time series per outcome)
     * @param backendSpans whether each traced execute and test also gets a span for the host's
     *                     call under its server span; about twice tracing's cost per execute
     */
    public record Metrics(@DefaultValue("false") boolean endpointTag, @DefaultValue("false") boolean backendSpans) {
    }
}
