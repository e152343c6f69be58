package io.integrationsrealtime.server.webhook;

import java.util.Objects;

/**
 * A webhook that must not be trusted (or, for {@link Reason#REPLAYED}, must not be mirrored again).
 * Answer the provider with a 4xx for every reason except {@code REPLAYED}, which deserves a 2xx so
 * the provider stops retrying a delivery that was already handled.
 *
 * <p>Messages name the header and what was wrong with it; they never contain a secret or a
 * computed signature, so they are safe to log and to return to the caller.
 */
public final class WebhookVerificationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a webhook was refused. The names are stable: switch on them, log them, count them. */
    public enum Reason {
        /** A required header is absent or blank. */
        MISSING_HEADER,
        /** A header is present but cannot be read (e.g. no {@code t=} or a timestamp that is not a number). */
        MALFORMED_HEADER,
        /** No signature in the request matches the body under any configured secret. */
        NO_MATCHING_SIGNATURE,
        /** The signed timestamp is older, or further in the future, than the tolerance allows. */
        TIMESTAMP_OUTSIDE_TOLERANCE,
        /** The webhook id was already delivered within the deduplication window. */
        REPLAYED
    }

    /** Why the webhook was refused. */
    private final Reason reason;

    WebhookVerificationException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Why the webhook was refused, e.g. to choose the HTTP status or a metric's label.
     *
     * @return the reason; never {@code null}
     */
    public Reason reason() {
        return reason;
    }
}
