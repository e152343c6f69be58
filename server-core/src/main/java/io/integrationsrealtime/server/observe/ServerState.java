package io.integrationsrealtime.server.observe;

/**
 * Where a server is in its life, for health checks and dashboards. A server only moves forward:
 * {@code STARTING -> SERVING -> DRAINING -> STOPPED} (a step may be skipped, e.g. closing a server
 * that never started).
 */
public enum ServerState {
    /** Built, not listening yet (a standalone server before {@code start()}). */
    STARTING,
    /** Taking requests: a started standalone server, or one attached to a host's server. */
    SERVING,
    /** {@code shutdown(drain)} was called: new requests are refused with {@code UNAVAILABLE} while running ones finish. */
    DRAINING,
    /** Closed: no requests are taken any more. */
    STOPPED
}
