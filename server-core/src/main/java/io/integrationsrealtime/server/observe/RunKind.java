package io.integrationsrealtime.server.observe;

/** What a run is: an endpoint execution ({@code integration:execute}) or a health check ({@code integration:test}). */
public enum RunKind {
    /** {@code integration:execute}: an endpoint of the integration. */
    EXECUTE,
    /** {@code integration:test}: the integration's health check. */
    TEST
}
