/**
 * The integrations realtime server: {@link io.integrationsrealtime.server.IntegrationsServer} puts
 * the protocol's handlers on a netty-socketio namespace, standalone or attached to the host's own
 * server, and calls the host through the interfaces of {@code server.spi}.
 *
 * <p>Also here: per-connection {@link io.integrationsrealtime.server.Limits}, and the two
 * netty-socketio components a host attaching to its own server should set,
 * {@link io.integrationsrealtime.server.SafeJsonSupport} and
 * {@link io.integrationsrealtime.server.SafeExceptionListener}. {@code docs/server-guide.md} walks
 * through embedding the server.
 */
package io.integrationsrealtime.server;
