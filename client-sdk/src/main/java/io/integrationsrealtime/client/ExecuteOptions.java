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

    public ExecuteOptions {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** No per-call settings: the client's defaults apply. */
    public static ExecuteOptions defaults() {
        return DEFAULTS;
    }

    /** Only a per-call timeout. */
    public static ExecuteOptions withTimeoutOf(Duration timeout) {
        return new ExecuteOptions(timeout, null);
    }

    public ExecuteOptions withTimeout(Duration newTimeout) {
        return new ExecuteOptions(newTimeout, requestId);
    }

    public ExecuteOptions withRequestId(String newRequestId) {
        return new ExecuteOptions(timeout, newRequestId);
    }

    /** The per-call timeout, if one was set. */
    public Optional<Duration> timeoutIfSet() {
        return Optional.ofNullable(timeout);
    }
}
