package io.integrationsrealtime.server.spi;

import io.integrationsrealtime.protocol.JsonObjects;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Who is on the other end of a connection, as the host's {@link Authenticator} established it.
 *
 * @param subject    the user or service id, for the host's own use (authorization, audit)
 * @param expiresAt  when the credentials stop being valid, or {@code null} for never; after it,
 *                   requests are refused with {@code UNAUTHENTICATED} and the socket is
 *                   disconnected, so the client reconnects with a fresh token
 * @param attributes anything else the host's {@link Authorizer} needs (e.g. the projects allowed)
 */
public record Principal(String subject, Instant expiresAt, Map<String, Object> attributes) {

    /**
     * Creates a principal.
     *
     * @param subject    the user or service id; required
     * @param expiresAt  when the credentials expire, or {@code null} for never
     * @param attributes a JSON-like map, copied deeply; {@code null} becomes empty
     * @throws NullPointerException if {@code subject} is null
     */
    public Principal {
        Objects.requireNonNull(subject, "subject");
        attributes = JsonObjects.copyOf(attributes);
    }

    /**
     * A principal that never expires and has no attributes.
     *
     * @param subject the user or service id
     * @return the principal
     */
    public static Principal of(String subject) {
        return new Principal(subject, null, Map.of());
    }

    /**
     * Whether the credentials are no longer valid at {@code now}. The server asks on every
     * request.
     *
     * @param now the current time
     * @return true from {@code expiresAt} on; never for a principal without expiry
     */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
