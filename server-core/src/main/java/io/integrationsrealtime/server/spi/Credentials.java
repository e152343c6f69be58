package io.integrationsrealtime.server.spi;

import java.net.InetSocketAddress;

/**
 * What a connecting client presented.
 *
 * @param token  the token, from the Socket.IO v4 {@code auth} payload ({@code {token}}), else an
 *               {@code Authorization: Bearer} header, else a {@code token} query parameter;
 *               {@code null} when the client sent none
 * @param source where the token came from
 * @param remote the client's address
 */
public record Credentials(String token, Source source, InetSocketAddress remote) {

    /** Where a token was found; browsers cannot set headers on websockets, Android can. */
    public enum Source { AUTH_PAYLOAD, AUTHORIZATION_HEADER, QUERY_PARAMETER, NONE }
}
