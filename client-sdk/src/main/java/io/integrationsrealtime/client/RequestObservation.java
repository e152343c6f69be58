package io.integrationsrealtime.client;

import io.integrationsrealtime.protocol.ErrorCode;

/**
 * One request as a {@link ClientObserver} follows it: started when the request is made, ended
 * once with its outcome (on the callback executor, or at once on the calling thread when the
 * request cannot be sent).
 */
public interface RequestObservation {

    /** Observes nothing and sends no trace context. */
    RequestObservation NONE = new RequestObservation() {
    };

    /**
     * The W3C {@code traceparent} to send with an execute or test, read right after
     * {@link ClientObserver#requestStarted} on the same thread.
     *
     * @return e.g. {@code 00-<trace id>-<span id>-01}, or {@code null} to send none
     */
    default String traceparent() {
        return null;
    }

    /**
     * The W3C {@code tracestate} to send with the {@link #traceparent()}.
     *
     * @return the value, or {@code null} to send none
     */
    default String tracestate() {
        return null;
    }

    /**
     * The request's outcome is known.
     *
     * @param error {@code null} when it succeeded; otherwise the code of its
     *              {@link IntegrationException}, e.g. {@code UPSTREAM_ERROR}, {@code TIMEOUT},
     *              {@code ACK_TIMEOUT}, {@code DISCONNECTED}
     */
    default void ended(ErrorCode error) {
    }
}
