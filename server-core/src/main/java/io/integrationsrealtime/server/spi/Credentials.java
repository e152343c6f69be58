package io.integrationsrealtime.server.spi;

import java.net.InetSocketAddress;

/**
 * What a connecting client presented.
 *
 * @param token  the token, from the Socket.IO v4 {@code auth} payload ({@code {token}}), else an
 *               {@code Authorization: Bearer} header, else a {@code token} query parameter;
 *               {@code null} when the client sent none
 * @param source where the token came from
 * @param remote the client's address as netty-socketio saw it (a proxy's, behind one)
 */
public record Credentials(String token, Source source, InetSocketAddress remote) {

    /** Where a token was found; browsers cannot set headers on websockets, Android can. */
    public enum Source {
        /** The Socket.IO v4 {@code auth} payload of the namespace CONNECT: {@code {"token": "..."}}. */
        AUTH_PAYLOAD,
        /** An {@code Authorization: Bearer <token>} header on the handshake request. */
        AUTHORIZATION_HEADER,
        /** A {@code token} query parameter of the handshake URL; ends up in access logs. */
        QUERY_PARAMETER,
        /** No token at all; the token is then {@code null}. */
        NONE
    }
}
