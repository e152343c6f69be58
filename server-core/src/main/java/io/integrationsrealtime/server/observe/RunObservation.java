package io.integrationsrealtime.server.observe;

import io.integrationsrealtime.protocol.ErrorCode;
import java.util.Map;

/**
 * One execute or test, as a {@link ServerObserver} follows it: started when the request is
 * accepted, then (unless it is refused or answered from the idempotency store first) the host's
 * call, then the answer to the caller. Its methods are called once each, in this order:
 * {@link #backendStarting()} and {@link #backendReturned()} on the same backend-executor thread,
 * right before and right after the host's method; {@link #backendEnded} and {@link #ended} on any
 * thread. Implementations must not block and should not throw (what they throw is logged and
 * ignored).
 */
public interface RunObservation {

    /** Observes nothing; what {@link ServerObserver#runStarted} returns by default. */
    RunObservation NONE = new RunObservation() {
    };

    /**
     * The host's method is about to be called, on this thread. A tracing observer starts the
     * backend span here and makes it current on this thread until {@link #backendReturned()}, so
     * that instrumented clients the host calls synchronously become its children.
     *
     * @return the trace context headers for the host's outgoing calls (e.g. {@code traceparent}
     *         and {@code tracestate}), given to the host as {@code EndpointCall.traceHeaders()};
     *         an empty map to pass on the client's own trace context unchanged
     */
    default Map<String, String> backendStarting() {
        return Map.of();
    }

    /** The host's method returned (its stage may still be running), on the thread that called it. */
    default void backendReturned() {
    }

    /**
     * The host's stage completed, failed, or the backend deadline passed.
     *
     * @param error {@code null} when the host answered with a result; otherwise the code the caller
     *              gets, e.g. {@code UPSTREAM_ERROR}, {@code TIMEOUT}, {@code INTERNAL}
     */
    default void backendEnded(ErrorCode error) {
    }

    /**
     * The caller got its answer (the run's outcome, or a refusal).
     *
     * @param error {@code null} when the run completed; otherwise the code the caller got
     */
    default void ended(ErrorCode error) {
    }
}
