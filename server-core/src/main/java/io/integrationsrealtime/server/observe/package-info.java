/**
 * Observing a server without a dependency on any metrics or tracing library:
 * {@link io.integrationsrealtime.server.observe.ServerObserver} is told about requests, refusals,
 * runs, replays, webhook mirrors, backplane outages and state changes, and reads gauges from a
 * {@link io.integrationsrealtime.server.observe.ServerView}. The integrations-realtime-micrometer
 * module binds it to Micrometer metrics and Observations; docs/observability.md lists what it
 * records.
 */
package io.integrationsrealtime.server.observe;
