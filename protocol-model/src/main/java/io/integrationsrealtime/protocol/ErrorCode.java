package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Stable error codes shared by server and client. On the wire a code is its name; a code this
 * version does not know (sent by a newer server) reads as {@link #UNKNOWN}.
 *
 * <p>The server sends every code up to {@link #UNAVAILABLE} in the {@code error} object of a
 * refusal ({@link ErrorReply}) or a failed run ({@link ExecutionFailed}); {@link #DISCONNECTED},
 * {@link #ACK_TIMEOUT} and {@link #UNKNOWN} are made by the client and never sent.
 */
public enum ErrorCode {
    /** No valid credentials on the connection. */
    UNAUTHENTICATED(false),
    /** The principal may not use this project or integration. */
    FORBIDDEN(false),
    /** No such integration in this project (also the answer for another project's integration). */
    NOT_FOUND(false),
    /** The request is malformed: missing or ill-typed fields, bad ids, unknown endpoint name. */
    INVALID_REQUEST(false),
    /** The request is larger than the server accepts. */
    PAYLOAD_TOO_LARGE(false),
    /** Too many requests; {@code retryAfter} says when to try again. */
    RATE_LIMITED(true),
    /** A per-connection limit other than the request rate: rooms joined, requests in flight. */
    LIMIT_EXCEEDED(false),
    /** The integration exists but is not active (disconnected credentials, disabled). */
    INTEGRATION_INACTIVE(false),
    /** The third-party API failed or refused; {@code details} may carry its status and body. */
    UPSTREAM_ERROR(true),
    /** The endpoint did not finish before its deadline. */
    TIMEOUT(true),
    /** The event is not part of the protocol. */
    UNKNOWN_EVENT(false),
    /** Something failed inside the server; nothing more is told to clients. */
    INTERNAL(true),
    /** The server is shutting down and takes no new requests; reconnect (to another node). */
    UNAVAILABLE(true),
    /** Client side: the connection dropped or was never up, so the outcome is unknown. */
    DISCONNECTED(true),
    /** Client side: the server did not acknowledge within the ack timeout. */
    ACK_TIMEOUT(true),
    /**
     * The execute's {@code requestId} was already used, by the same principal for the same
     * integration, for a request with another endpoint, params or requestData; use a new one.
     */
    IDEMPOTENCY_KEY_REUSED(false),
    /**
     * Room events only: the server running this execution or test stopped (it died or lost its
     * cluster store) before the run ended, and another server announced it failed. Whether the
     * endpoint ran is unknown; its caller retries with the same requestId.
     */
    INTERRUPTED(true),
    /** A code this version does not know. */
    UNKNOWN(false);

    private final boolean retryableByDefault;

    ErrorCode(boolean retryableByDefault) {
        this.retryableByDefault = retryableByDefault;
    }

    /**
     * Whether a request that failed with this code may succeed when sent again unchanged. This is
     * what {@link ErrorInfo#of} puts in {@code retryable}; an error object may say otherwise (a
     * host can report an {@code UPSTREAM_ERROR} it knows to be permanent as not retryable).
     *
     * @return true for {@code RATE_LIMITED}, {@code UPSTREAM_ERROR}, {@code TIMEOUT},
     *         {@code INTERNAL}, {@code UNAVAILABLE}, {@code DISCONNECTED} and {@code ACK_TIMEOUT}
     */
    public boolean retryableByDefault() {
        return retryableByDefault;
    }

    /**
     * The code as written in the {@code code} field of an error object.
     *
     * @return the constant's name, e.g. {@code "RATE_LIMITED"}
     */
    @JsonValue
    public String wireName() {
        return name();
    }

    /**
     * Reads a code from the wire; never throws, so an error object from a newer server always
     * parses.
     *
     * @param value the {@code code} field's text (matched case-sensitively), or {@code null}
     * @return the code of that name, or {@link #UNKNOWN} for {@code null} and names this version
     *         does not know
     */
    @JsonCreator
    public static ErrorCode fromWire(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(value);
        } catch (IllegalArgumentException unknown) {
            return UNKNOWN;
        }
    }
}
