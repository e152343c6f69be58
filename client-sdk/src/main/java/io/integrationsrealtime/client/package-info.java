/**
 * Java client of the integrations realtime protocol (see {@code docs/protocol.md}).
 *
 * <p>Start with {@link io.integrationsrealtime.client.IntegrationsClient#builder()}, connect, then
 * work with an {@link io.integrationsrealtime.client.Integration} handle. Requests return
 * {@link java.util.concurrent.CompletableFuture}s that fail with
 * {@link io.integrationsrealtime.client.IntegrationException}; listeners return a
 * {@link io.integrationsrealtime.client.Subscription}. Futures and listeners of one client run
 * one at a time, in order, on its callback executor, never on socket.io's own thread: do not
 * block in them.
 */
package io.integrationsrealtime.client;
