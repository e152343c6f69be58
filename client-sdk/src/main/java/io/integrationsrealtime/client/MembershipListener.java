package io.integrationsrealtime.client;

import io.integrationsrealtime.protocol.RoomMembership;

/**
 * Told when the client cannot restore, after a reconnect, a room it had joined or a webhook
 * mirror it had subscribed to, and when that room is back. Runs on the client's callback
 * executor. Register with {@link Integration#onMembership}.
 *
 * <p>After a reconnect the client re-joins and re-subscribes by itself. A refusal that may pass
 * ({@code UNAVAILABLE}, {@code TIMEOUT}, {@code INTERNAL}, {@code ACK_TIMEOUT}; {@code RATE_LIMITED}
 * after its {@code retryAfter}) is retried with backoff and jitter for as long as the room is
 * wanted (until {@link Integration#leave()} or the last webhook subscription is closed). Any other
 * refusal ({@code FORBIDDEN}, {@code NOT_FOUND}, ...) is not retried on this connection; the client
 * tries again after the next reconnect, or when the app joins or subscribes again.
 */
public interface MembershipListener {

    /**
     * A room was lost: its events stop until it is back. Called once per loss, on its first failed
     * attempt, and again with {@code retrying} false if a later attempt is refused for good.
     *
     * @param room     the room as the server names it: {@code integration:<id>}, or
     *                 {@code integration:<id>:webhooks} for the webhook mirror
     * @param cause    the refusal of the latest attempt
     * @param retrying whether the client keeps trying on this connection
     */
    void onLost(String room, IntegrationException cause, boolean retrying);

    /**
     * A room reported lost is back. What was missed meanwhile has been replayed to the listeners
     * already, or, when the server's replay log no longer had it, {@link GapListener}s were told.
     *
     * @param membership the server's answer to the join or subscribe that restored it
     */
    void onRestored(RoomMembership membership);
}
