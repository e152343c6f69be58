package io.integrationsrealtime.client;

/**
 * What a client tells about its work, for metrics and traces of the application's choosing:
 * requests by event and outcome, connection changes and reconnects, and gaps after reconnects.
 * Set one with {@link IntegrationsClient.Builder#observer}; the integrations-realtime-micrometer
 * module binds one to Micrometer (this SDK itself depends on no metrics or tracing library, and
 * runs on Android).
 *
 * <p>Every method has a default that does nothing. Without an observer the client uses
 * {@link #NONE} and skips the calls: nothing is allocated per request for observation.
 *
 * <p>Threading: {@link #requestStarted} runs on the thread that made the request (so a tracing
 * observer finds the caller's current span there); the rest run on the client's callback executor
 * or on socket.io's event thread. Methods must return quickly and never block; what they throw is
 * logged and ignored.
 */
public interface ClientObserver {

    /** Observes nothing. */
    ClientObserver NONE = new ClientObserver() {
    };

    /**
     * A request is about to be sent (or to fail at once, e.g. while disconnected).
     *
     * @param event    the request's event name, e.g. {@code integration:execute}
     * @param endpoint the endpoint of an execute, {@code healthCheck} for a test, otherwise
     *                 {@code null}; the application's names, bounded by its catalog
     * @return the request's observation, ended once with its outcome; for an execute or test, its
     *         {@link RequestObservation#traceparent()} and {@link RequestObservation#tracestate()}
     *         are sent with the request (docs/protocol.md, "Trace context")
     */
    default RequestObservation requestStarted(String event, String endpoint) {
        return RequestObservation.NONE;
    }

    /**
     * The connection changed state, as {@link ConnectionStateListener}s are told.
     *
     * @param state       the new state
     * @param reconnected true when the client connected again after a connection of its own had
     *                    dropped (not on the first connect)
     */
    default void connectionStateChanged(ConnectionState state, boolean reconnected) {
    }

    /**
     * After a reconnect, the server could not replay everything the client missed (as
     * {@link GapListener}s are told).
     *
     * @param event {@code integration:join} for the integration's room,
     *              {@code integration:webhook:subscribe} for its webhook mirror
     */
    default void gapDetected(String event) {
    }
}
