package io.integrationsrealtime.server.observe;

/**
 * Why the server turned something away before running it: a limit, authentication, authorization,
 * a browser origin, or shutdown. Each refused request is also answered with its error code (see
 * {@link ServerObserver#requestAnswered}); a refused connection is not a request.
 */
public enum Refusal {
    /** A socket sent requests faster than its rate ({@code RATE_LIMITED}). */
    RATE_LIMITED,
    /** A request payload over the size limit ({@code PAYLOAD_TOO_LARGE}). */
    PAYLOAD_TOO_LARGE,
    /** A join or webhook subscribe over the per-socket room limit ({@code LIMIT_EXCEEDED}). */
    ROOM_LIMIT,
    /** A request over the per-socket limit of requests in flight ({@code LIMIT_EXCEEDED}). */
    IN_FLIGHT_LIMIT,
    /** A connection without a valid token, with an expired one, or that did not authenticate in time. */
    UNAUTHENTICATED,
    /** A request the host's {@code Authorizer} did not allow ({@code FORBIDDEN}). */
    FORBIDDEN,
    /** A browser handshake from an origin that is not allowed (HTTP 401). */
    ORIGIN,
    /** A request that arrived while the server was draining ({@code UNAVAILABLE}). */
    SHUTTING_DOWN
}
