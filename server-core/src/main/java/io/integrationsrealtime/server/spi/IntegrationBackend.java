package io.integrationsrealtime.server.spi;

import io.integrationsrealtime.protocol.IntegrationStatus;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What a host implements so that the server can really run integrations. The server calls these
 * methods on its backend executor, never on a netty event loop (unless the backend declares that
 * it {@link #neverBlocks()}), and never waits for the returned stages: a method may do blocking
 * work before returning, or return a stage that completes later on any thread.
 *
 * <p>To report a failure the caller should see, throw or complete the stage with an
 * {@link IntegrationFailure}; anything else reaches clients as {@code INTERNAL} without its
 * message.
 */
public interface IntegrationBackend {

    /**
     * Whether {@code integration} exists in its project. Asked before join, execute, test, status
     * and webhook subscribe; an integration of another project must answer {@code false}.
     *
     * @param integration the integration and the project it should belong to
     * @return completes with whether it exists in that project; {@code false} is answered
     *         {@code NOT_FOUND}
     */
    CompletionStage<Boolean> exists(IntegrationRef integration);

    /**
     * Runs an endpoint. A run that takes longer than the server's backend deadline ends as failed
     * with {@code TIMEOUT} for the client; the host is not told, and a later result is dropped.
     *
     * @param call which endpoint of which integration, with what, for whom
     * @return completes with the result's {@code data}: a JSON object (maps, lists, strings,
     *         numbers, booleans, nulls; {@code null} is sent as {@code {}}), or fails
     */
    CompletionStage<Map<String, Object>> execute(EndpointCall call);

    /**
     * Runs the health check ({@code integration:test}), under the same deadline as
     * {@link #execute}.
     *
     * @param integration the integration to check
     * @return completes with the check's {@code data}, a JSON object (e.g. its latency), or fails
     */
    CompletionStage<Map<String, Object>> healthCheck(IntegrationRef integration);

    /**
     * Reports the integration's status.
     *
     * @param integration the integration
     * @return completes with isActive, usage, rateLimit (nullable) and lastUsed (nullable), or
     *         fails
     */
    CompletionStage<IntegrationStatus> status(IntegrationRef integration);

    /**
     * Whether every method of this backend returns without blocking: no network or disk I/O, lock
     * waits or sleeps before it returns its stage (which may complete later, on any thread). When
     * the backend and the {@link Authorizer} both say so and the host gave no backend executor,
     * the server calls them on the netty event loop that read the request instead of handing each
     * request to its backend pool and the answer back, which saves two thread wake-ups per request
     * (docs/benchmarks.md). A method that blocks anyway stalls every connection on that loop.
     * Stages that complete later are still continued on the backend executor.
     *
     * @return {@code true} only if no method ever blocks; default {@code false}
     */
    default boolean neverBlocks() {
        return false;
    }
}
