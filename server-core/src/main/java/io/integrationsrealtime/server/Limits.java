package io.integrationsrealtime.server;

import java.time.Duration;

/**
 * Per-connection limits. A request over a limit is refused with a typed error and the connection
 * stays usable.
 *
 * @param maxPayloadBytes       largest request payload, in bytes of compact JSON text in UTF-8
 *                              ({@code PAYLOAD_TOO_LARGE});
 *                              frames over 16 x this close the connection (netty's hard cap)
 * @param maxRooms              integration rooms plus webhook mirrors one socket may be in
 *                              ({@code LIMIT_EXCEEDED})
 * @param maxInFlight           requests of one socket still waiting for their outcome
 *                              ({@code LIMIT_EXCEEDED})
 * @param requestsPerSecond     sustained request rate of one socket ({@code RATE_LIMITED} with
 *                              {@code retryAfter})
 * @param burst                 requests a socket may send at once above that rate
 * @param authTimeout           how long a socket may stay connected without authenticating
 */
public record Limits(int maxPayloadBytes, int maxRooms, int maxInFlight, double requestsPerSecond, int burst,
                     Duration authTimeout) {

    /** 64 KiB payloads, 100 rooms, 64 in flight, 100 requests/s with bursts of 200, 10 s to authenticate. */
    public static final Limits DEFAULTS = new Limits(64 * 1024, 100, 64, 100, 200, Duration.ofSeconds(10));

    /**
     * Checks the limits; start from {@link #DEFAULTS} and its {@code with...} methods rather than
     * listing them all.
     *
     * @param maxPayloadBytes   at least 1024
     * @param maxRooms          at least 1
     * @param maxInFlight       at least 1
     * @param requestsPerSecond positive
     * @param burst             at least 1
     * @param authTimeout       positive
     * @throws IllegalArgumentException if a limit is out of range
     */
    public Limits {
        if (maxPayloadBytes < 1024 || maxRooms < 1 || maxInFlight < 1 || requestsPerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("limits must be positive (maxPayloadBytes at least 1024)");
        }
        if (authTimeout == null || authTimeout.isNegative() || authTimeout.isZero()) {
            throw new IllegalArgumentException("authTimeout must be positive");
        }
    }

    /**
     * These limits with another payload limit.
     *
     * @param value largest request payload in bytes of JSON text, at least 1024
     * @return the new limits
     * @throws IllegalArgumentException if {@code value} is below 1024
     */
    public Limits withMaxPayloadBytes(int value) {
        return new Limits(value, maxRooms, maxInFlight, requestsPerSecond, burst, authTimeout);
    }

    /**
     * These limits with another room limit.
     *
     * @param value rooms (integration rooms plus webhook mirrors) per socket, at least 1
     * @return the new limits
     * @throws IllegalArgumentException if {@code value} is below 1
     */
    public Limits withMaxRooms(int value) {
        return new Limits(maxPayloadBytes, value, maxInFlight, requestsPerSecond, burst, authTimeout);
    }

    /**
     * These limits with another limit of requests in flight.
     *
     * @param value requests per socket still waiting for their outcome, at least 1
     * @return the new limits
     * @throws IllegalArgumentException if {@code value} is below 1
     */
    public Limits withMaxInFlight(int value) {
        return new Limits(maxPayloadBytes, maxRooms, value, requestsPerSecond, burst, authTimeout);
    }

    /**
     * These limits with another request rate (a token bucket per socket).
     *
     * @param perSecond sustained requests per second per socket, positive
     * @param burstSize requests a socket may send at once, at least 1
     * @return the new limits
     * @throws IllegalArgumentException if either is out of range
     */
    public Limits withRate(double perSecond, int burstSize) {
        return new Limits(maxPayloadBytes, maxRooms, maxInFlight, perSecond, burstSize, authTimeout);
    }

    /**
     * These limits with another authentication timeout.
     *
     * @param value how long a socket may stay connected without authenticating, positive
     * @return the new limits
     * @throws IllegalArgumentException if {@code value} is null, zero or negative
     */
    public Limits withAuthTimeout(Duration value) {
        return new Limits(maxPayloadBytes, maxRooms, maxInFlight, requestsPerSecond, burst, value);
    }
}
