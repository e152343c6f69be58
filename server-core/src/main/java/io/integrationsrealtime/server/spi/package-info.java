/**
 * What the host implements: {@link io.integrationsrealtime.server.spi.IntegrationBackend} runs the
 * integrations, {@link io.integrationsrealtime.server.spi.Authenticator} turns tokens into
 * {@link io.integrationsrealtime.server.spi.Principal}s and
 * {@link io.integrationsrealtime.server.spi.Authorizer} decides each request. Every method returns a
 * {@link java.util.concurrent.CompletionStage} and the server never waits on one; failures the
 * client should see are {@link io.integrationsrealtime.server.spi.IntegrationFailure}s, anything
 * else reaches clients as {@code INTERNAL} without its message.
 */
package io.integrationsrealtime.server.spi;
