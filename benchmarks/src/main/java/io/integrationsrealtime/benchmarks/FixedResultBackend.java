package io.integrationsrealtime.benchmarks;

import io.integrationsrealtime.protocol.IntegrationStatus;
import io.integrationsrealtime.server.spi.EndpointCall;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.integrationsrealtime.server.spi.IntegrationRef;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A backend with no upstream: every integration exists and every endpoint answers at once with the
 * same small result. What is measured is then server-core itself, not a simulated provider. (The
 * examples' DemoBackend is not used: its per-integration demo rate limit refuses runs after a few
 * hundred, and it publishes usage to the room after every run.)
 */
final class FixedResultBackend implements IntegrationBackend {

    /** The {@code data} of every execution; the Node server (benchmarks/node/execute-server.mjs) answers the same. */
    static final Map<String, Object> RESULT = Map.of("tweets", List.of(Map.of("id", "1", "text", "hello")));

    private static final CompletableFuture<Boolean> EXISTS = CompletableFuture.completedFuture(true);
    private static final CompletableFuture<Map<String, Object>> DATA = CompletableFuture.completedFuture(RESULT);
    private static final CompletableFuture<Map<String, Object>> HEALTHY =
            CompletableFuture.completedFuture(Map.of("healthy", true));

    @Override
    public CompletionStage<Boolean> exists(IntegrationRef integration) {
        return EXISTS;
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(EndpointCall call) {
        return DATA;
    }

    @Override
    public CompletionStage<Map<String, Object>> healthCheck(IntegrationRef integration) {
        return HEALTHY;
    }

    @Override
    public CompletionStage<IntegrationStatus> status(IntegrationRef integration) {
        return CompletableFuture.completedFuture(new IntegrationStatus(true, Map.of(), null, null));
    }
}
