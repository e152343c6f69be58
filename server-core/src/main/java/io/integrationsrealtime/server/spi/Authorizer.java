package io.integrationsrealtime.server.spi;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiPredicate;

/**
 * May this principal use this integration of this project? Asked on join and again on every
 * execute, test, status and webhook subscribe: being in a room is never taken as permission.
 * Called on the backend executor (on the netty event loop when it and the backend declare that
 * they {@linkplain #neverBlocks() never block}).
 *
 * <p>Answer about the project: an integration that does not belong to the project is caught
 * afterwards by {@link IntegrationBackend#exists}, and answers exactly like a missing one.
 */
@FunctionalInterface
public interface Authorizer {

    /**
     * Decides one request.
     *
     * @param principal   who asks, as the {@link Authenticator} established it (not expired)
     * @param integration the integration and project of the request, ids already validated
     * @return completes with {@code true} to allow; {@code false} is answered with
     *         {@code FORBIDDEN}; a failed stage (other than an {@link IntegrationFailure}) with
     *         {@code INTERNAL}. Bounded by the server's backend deadline
     */
    CompletionStage<Boolean> mayAccess(Principal principal, IntegrationRef integration);

    /**
     * Whether {@link #mayAccess} returns without blocking (no I/O, lock waits or sleeps before it
     * returns its stage); see {@link IntegrationBackend#neverBlocks()}, which takes effect only
     * when the authorizer says so too.
     *
     * @return {@code true} only if it never blocks; default {@code false}
     */
    default boolean neverBlocks() {
        return false;
    }

    /**
     * An authorizer that answers from memory: {@code decision} is called on a netty event loop
     * and must not block (e.g. a lookup in a map or in the principal's claims).
     *
     * @param decision whether the principal may use the integration
     * @return an authorizer that {@link #neverBlocks()}
     */
    static Authorizer nonBlocking(BiPredicate<Principal, IntegrationRef> decision) {
        Objects.requireNonNull(decision, "decision");
        return new Authorizer() {
            @Override
            public CompletionStage<Boolean> mayAccess(Principal principal, IntegrationRef integration) {
                return CompletableFuture.completedFuture(decision.test(principal, integration));
            }

            @Override
            public boolean neverBlocks() {
                return true;
            }
        };
    }
}
