package io.integrationsrealtime.client;

import java.time.Duration;
import java.util.Optional;

/**
 * Per-call options of {@link Integration#execute} and {@link Integration#test}.
 *
 * @param timeout   how long to wait for the outcome; {@code null} uses the client's
 *                  {@linkplain IntegrationsClient.Builder#executionTimeout execution timeout}
 * @param requestId the correlation id to send; {@code null} lets the client make one up. Reuse
 *                  the id of a failed attempt when retrying so the server can recognise the retry.
 */
public record ExecuteOptions(Duration timeout, String requestId) {

    private static final ExecuteOptions DEFAULTS = new ExecuteOptions(null, null);

    /**
     * Checks the options.
     *
     * @param timeout   positive, or {@code null}
     * @param requestId the correlation id, or {@code null}; checked when the request is sent
     *                  (1-64 characters of {@code [A-Za-z0-9_.:-]})
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public ExecuteOptions {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /**
     * No per-call settings: the client's defaults apply.
     *
     * @return options with neither timeout nor requestId
     */
    public static ExecuteOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Only a per-call timeout.
     *
     * @param timeout how long to wait for the outcome, positive
     * @return options with that timeout and no requestId
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public static ExecuteOptions withTimeoutOf(Duration timeout) {
        return new ExecuteOptions(timeout, null);
    }

    /**
     * These options with another timeout.
     *
     * @param newTimeout positive, or {@code null} for the client's execution timeout
     * @return the new options
     * @throws IllegalArgumentException if {@code newTimeout} is zero or negative
     */
    public ExecuteOptions withTimeout(Duration newTimeout) {
        return new ExecuteOptions(newTimeout, requestId);
    }

    /**
     * These options with a requestId of your choice, e.g. the one of a failed attempt, so that the
     * server answers a retry with the first outcome instead of running the endpoint twice.
     *
     * @param newRequestId 1-64 characters of {@code [A-Za-z0-9_.:-]}, or {@code null} to let the
     *                     client make one up
     * @return the new options
     */
    public ExecuteOptions withRequestId(String newRequestId) {
        return new ExecuteOptions(timeout, newRequestId);
    }

    /**
     * The per-call timeout, if one was set.
     *
     * @return the timeout, or empty for the client's execution timeout
     */
    public Optional<Duration> timeoutIfSet() {
        return Optional.ofNullable(timeout);
    }
}
