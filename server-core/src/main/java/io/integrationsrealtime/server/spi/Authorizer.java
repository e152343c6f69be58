package io.integrationsrealtime.server.spi;

import java.util.concurrent.CompletionStage;

/**
 * May this principal use this integration of this project? Asked on join and again on every
 * execute, test, status and webhook subscribe: being in a room is never taken as permission.
 * Called on the backend executor.
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
}
