/**
 * Implementation of the client: not API, may change in any release.
 *
 * <p>Threading in one place: socket.io-client-java runs every socket callback on its JVM-wide
 * {@code EventThread}; this package only decodes there and hands everything else (futures,
 * listeners) to the client's {@link io.integrationsrealtime.client.internal.SerialExecutor}.
 */
package io.integrationsrealtime.client.internal;
