package io.integrationsrealtime.server.observe;

/** The two kinds of room a socket can enter. */
public enum RoomKind {
    /** The integration's room ({@code integration:join}): room activity and usage. */
    INTEGRATION,
    /** The integration's webhook mirror ({@code integration:webhook:subscribe}). */
    WEBHOOKS
}
