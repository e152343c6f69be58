package io.integrationsrealtime.client;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ErrorInfo;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * The one exception of the client: every failed future completes with it. {@link #code()} says
 * what happened. Server codes ({@code NOT_FOUND}, {@code RATE_LIMITED}, {@code UPSTREAM_ERROR},
 * ...) come from a refusal or a failed run; the client adds {@code ACK_TIMEOUT} (no answer to
 * join, leave, status or a webhook (un)subscribe in time), {@code TIMEOUT} (no outcome of an
 * execute or test in time), {@code DISCONNECTED} (the connection was not up, or dropped while the
 * request was in flight: its outcome is unknown) and {@code INVALID_REQUEST} for requests that
 * fail the protocol's rules before being sent.
 */
public class IntegrationException extends RuntimeException {

    /** What went wrong. */
    private final ErrorInfo error;
    /** The request this failure answers, or null. */
    private final String requestId;
    /** The server's id of the failed run, or null. */
    private final String executionId;

    /**
     * @param error       what went wrong, as sent by the server or made by the client
     * @param requestId   the request's correlation id, or {@code null}
     * @param executionId the server's execution id when the endpoint ran and failed, or {@code null}
     */
    public IntegrationException(ErrorInfo error, String requestId, String executionId) {
        super(describe(error, requestId));
        this.error = error;
        this.requestId = requestId;
        this.executionId = executionId;
    }

    /**
     * A client-side failure with the code's default retryability.
     *
     * @param code      e.g. {@code DISCONNECTED}, {@code ACK_TIMEOUT}
     * @param message   what happened
     * @param requestId the request's correlation id, or {@code null}
     */
    public IntegrationException(ErrorCode code, String message, String requestId) {
        this(ErrorInfo.of(code, message), requestId, null);
    }

    /**
     * What happened; switch on it to decide what to do.
     *
     * @return the code; {@code UNKNOWN} for a code this client version does not know
     */
    public ErrorCode code() {
        return error.code();
    }

    /**
     * The request this failure answers, to correlate with server logs or to retry idempotently.
     *
     * @return the requestId, or {@code null} (e.g. a failed connect)
     */
    public String requestId() {
        return requestId;
    }

    /**
     * The server's id of the failed run, as on the room's events.
     *
     * @return the executionId, or {@code null} when the request never ran (or its outcome is
     *         unknown)
     */
    public String executionId() {
        return executionId;
    }

    /**
     * Whether sending the same request again may succeed.
     *
     * @return the server's verdict, or the code's default for client-side failures
     */
    public boolean retryable() {
        return error.retryable();
    }

    /**
     * When to try again, on {@code RATE_LIMITED}.
     *
     * @return how long to wait, or empty when the server did not say
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(error.retryAfter());
    }

    /**
     * Free-form details the server gave the caller (e.g. an upstream status).
     *
     * @return an unmodifiable JSON object; empty if none
     */
    public Map<String, Object> details() {
        return error.details() == null ? Collections.emptyMap() : error.details();
    }

    /**
     * The whole error object, e.g. to log or forward it.
     *
     * @return the error as received or made; its message never carries a server stack trace
     */
    public ErrorInfo error() {
        return error;
    }

    private static String describe(ErrorInfo error, String requestId) {
        String text = error.code() + ": " + error.message();
        return requestId == null ? text : text + " (requestId " + requestId + ")";
    }
}
