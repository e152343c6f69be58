package io.integrationsrealtime.server.observe;

import io.integrationsrealtime.protocol.ErrorCode;
import java.util.List;

/**
 * What a server tells about its work, for metrics, traces and logs of the host's choosing: requests
 * by event and outcome, refusals, executes and tests with the host's own time, replays and gaps,
 * webhook mirrors, backplane outages and the server's state. Set one with
 * {@code IntegrationsServer.Builder.observer(...)}; the integrations-realtime-micrometer module
 * binds one to Micrometer.
 *
 * <p>Every method has a default that does nothing, so an implementation overrides only what it
 * needs, and new methods may be added in minor releases. Without an observer the server uses
 * {@link #NONE} and skips the calls altogether: no clock is read and nothing is allocated per
 * request for observation.
 *
 * <p>Threading: methods are called on netty's event loops and on the backend executor, often
 * concurrently. They must return quickly and never block (no I/O); what they throw is logged at
 * WARN and ignored. Tag values an implementation derives must stay bounded: the {@code event}
 * names, error codes and enums given here are; endpoint names are the host's (bounded only by the
 * host's catalog); ids are never given.
 */
public interface ServerObserver {

    /** Observes nothing. */
    ServerObserver NONE = new ServerObserver() {
    };

    /**
     * Several observers as one, each told everything in the given order. What one throws is logged
     * and does not keep the others from being told. The trace headers of a run are the first
     * non-empty ones an observer returns.
     *
     * @param observers the observers; none may be null
     * @return one observer
     * @throws NullPointerException if an observer is null
     */
    static ServerObserver of(ServerObserver... observers) {
        return new ObserverChain(List.of(observers));
    }

    /**
     * Called once, when the server has been built, before any other method: the live view to read
     * gauges from (connections, room memberships, runs in flight, state, backplane).
     *
     * @param server the server's view, valid for its whole life
     */
    default void attached(ServerView server) {
    }

    /**
     * The server moved to another state (also told once for the state it was built in).
     *
     * @param state the new state
     */
    default void stateChanged(ServerState state) {
    }

    /**
     * A request was answered: every request a client sends gets exactly one answer, a result or
     * an error, and is told here once.
     *
     * @param event         the request's event name as sent, e.g. {@code integration:execute};
     *                      always one of the protocol's request events (events the protocol does
     *                      not have, and undecodable payloads, are answered but not told)
     * @param error         {@code null} for a result; else the error code the client got
     * @param durationNanos from the moment the server read the request to the answer
     */
    default void requestAnswered(String event, ErrorCode error, long durationNanos) {
    }

    /**
     * Something was turned away by a limit, authentication, authorization, an origin check or
     * shutdown. A refused request is also told to {@link #requestAnswered} with its code.
     *
     * @param reason why
     */
    default void refused(Refusal reason) {
    }

    /**
     * An execute or test passed validation and is about to be authorized and run. The returned
     * observation follows it to its answer; for a traced run, the client's W3C trace context is
     * given so that the server's span continues the client's trace.
     *
     * @param kind        execute or test
     * @param endpoint    the endpoint (for a test, {@code healthCheck}); the host's name, so
     *                    bounded only by its catalog
     * @param traceparent the client's W3C {@code traceparent}, already checked to be well-formed,
     *                    or {@code null} when it sent none (or a malformed one)
     * @param tracestate  the client's W3C {@code tracestate}, or {@code null}; only given with a
     *                    {@code traceparent}
     * @return the run's observation, never {@code null}; {@link RunObservation#NONE} to follow
     *         nothing
     */
    default RunObservation runStarted(RunKind kind, String endpoint, String traceparent, String tracestate) {
        return RunObservation.NONE;
    }

    /**
     * A socket re-entered a room asking for what it missed ({@code lastSeq}), and was sent it.
     *
     * @param room   the integration room or the webhook mirror
     * @param events how many events were replayed
     * @param gap    whether some were no longer in the replay log (the client was told)
     */
    default void replayed(RoomKind room, int events, boolean gap) {
    }

    /**
     * The host published an inbound webhook to the integration's mirror
     * ({@code publishWebhook}).
     *
     * @param error {@code null} when it was logged and handed to the subscribers on this node;
     *              {@code UNAVAILABLE} when the cluster's store was unreachable
     */
    default void webhookMirrored(ErrorCode error) {
    }

    /**
     * The cluster backplane became unreachable, or reachable again. Called once per change.
     *
     * @param available false at the start of an outage, true at its end
     */
    default void backplaneAvailabilityChanged(boolean available) {
    }
}
