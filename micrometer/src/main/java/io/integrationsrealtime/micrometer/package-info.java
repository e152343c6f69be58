/**
 * Micrometer for Integrations Realtime: {@link io.integrationsrealtime.micrometer.MicrometerServerObserver}
 * for a server (meters, and Observations of executes and tests) and
 * {@link io.integrationsrealtime.micrometer.MicrometerClientObserver} for a Java client (request
 * Observations that carry W3C trace context to the server, reconnects, gaps). Meter and span names:
 * docs/observability.md.
 */
package io.integrationsrealtime.micrometer;
