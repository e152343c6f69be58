package io.integrationsrealtime.server.spi;

import io.integrationsrealtime.protocol.IntegrationStatus;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What a host implements so that the server can really run integrations. The server calls these
 * methods on its backend executor, never on a netty event loop, and never waits for the returned
 * stages: a method may do blocking work before returning, or return a stage that completes later
 * on any thread.
 *
 * <p>To report a failure the caller should see, throw or complete the stage with an
 * {@link IntegrationFailure}; anything else reaches clients as {@code INTERNAL} without its
 * message.
 */
public interface IntegrationBackend {

    /**
     * Whether {@code integration} exists in its project. Asked before join, execute, test, status
     * and webhook subscribe; an integration of another project must answer {@code false}.
     */
    CompletionStage<Boolean> exists(IntegrationRef integration);

    /** Runs an endpoint; the stage completes with the result's {@code data} object. */
    CompletionStage<Map<String, Object>> execute(EndpointCall call);

    /** Runs the health check; the stage completes with the check's {@code data} object. */
    CompletionStage<Map<String, Object>> healthCheck(IntegrationRef integration);

    /** Reports the integration's status: isActive, usage, rateLimit (nullable), lastUsed (nullable). */
    CompletionStage<IntegrationStatus> status(IntegrationRef integration);
}
