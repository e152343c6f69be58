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
 * hundred, and it publishes usage to the room after every run.) It never blocks and says so, as
 * an in-memory or fully asynchronous backend should, unless made with {@code declared = false}.
 */
final class FixedResultBackend implements IntegrationBackend {

    private final boolean declared;

    /** @param declared whether it tells the server that it {@linkplain #neverBlocks() never blocks} */
    FixedResultBackend(boolean declared) {
        this.declared = declared;
    }

    @Override
    public boolean neverBlocks() {
        return declared;
    }

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
