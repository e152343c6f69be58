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

    /** Completes with {@code true} to allow; {@code false} is answered with {@code FORBIDDEN}. */
    CompletionStage<Boolean> mayAccess(Principal principal, IntegrationRef integration);
}
