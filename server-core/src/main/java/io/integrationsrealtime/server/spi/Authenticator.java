package io.integrationsrealtime.server.spi;

import java.util.concurrent.CompletionStage;

/**
 * Turns a client's token into a {@link Principal}. Every connection is authenticated before any
 * of its requests reaches a flow.
 *
 * <p>Called on a netty event loop, because Socket.IO answers a namespace CONNECT right there:
 * return promptly. A stage that is already complete when returned (a local JWT check, a cache
 * hit) lets a bad token be refused with a proper {@code connect_error}; a stage that completes
 * later is supported too (do the I/O inside it): the connection is then accepted provisionally,
 * its requests wait for the answer, and a refused token ends it with a {@code connect_error}
 * packet and a disconnect.
 *
 * <p>It may be called more than once per connection: once per token presented (a header or
 * query token at the handshake, then the {@code auth} payload), and again when the client
 * re-authenticates. A connection without any token is refused without calling it, unless the
 * server {@code allowAnonymous()}.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * Checks what a connecting client presented.
     *
     * @param credentials the token, where it was found and the client's address
     * @return the principal, or a stage completing with {@code null} (or failing) for a token that
     *         is not valid; an {@link IntegrationFailure} with code {@code UNAUTHENTICATED} lets you
     *         choose the message the client sees. Any other failure is answered
     *         {@code invalid token} and logged at WARN by type only
     */
    CompletionStage<Principal> authenticate(Credentials credentials);
}
