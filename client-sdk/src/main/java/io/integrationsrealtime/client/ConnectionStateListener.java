package io.integrationsrealtime.client;

/**
 * Told of every change of the {@link ConnectionState}, in order, on the client's callback
 * executor.
 */
@FunctionalInterface
public interface ConnectionStateListener {

    /**
     * Called once per change.
     *
     * @param state the new state
     * @param cause why the connection was lost or refused (for instance {@code UNAUTHENTICATED}
     *              when the server rejected the token on a reconnect), or {@code null}
     */
    void onStateChanged(ConnectionState state, IntegrationException cause);
}
