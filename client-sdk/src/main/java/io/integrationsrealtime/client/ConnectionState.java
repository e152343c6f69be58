package io.integrationsrealtime.client;

/** Where the client's connection stands, as reported to {@link ConnectionStateListener}s. */
public enum ConnectionState {
    /** Connected and authenticated; requests may be sent. */
    CONNECTED,
    /** The connection dropped and the client is trying again on its own; requests fail fast. */
    RECONNECTING,
    /** Not connected and not trying: never connected, rejected by the server, or closed. */
    DISCONNECTED
}
