package io.integrationsrealtime.client;

import io.integrationsrealtime.protocol.RoomMembership;

/**
 * Told when, after a reconnect, the server could not replay every event this client missed (the
 * outage outlasted its replay log). Refresh what you show: {@link Integration#status()} for the
 * room; your own source for webhooks.
 */
@FunctionalInterface
public interface GapListener {

    /**
     * Called on the client's callback executor.
     *
     * @param membership the re-join's answer; {@code room()} says which stream has the gap
     */
    void onGap(RoomMembership membership);
}
