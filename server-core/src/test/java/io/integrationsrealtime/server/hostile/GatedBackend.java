package io.integrationsrealtime.server.hostile;

import io.integrationsrealtime.protocol.IntegrationStatus;
import io.integrationsrealtime.server.TestBackend;
import io.integrationsrealtime.server.spi.EndpointCall;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.integrationsrealtime.server.spi.IntegrationRef;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link TestBackend} plus an endpoint {@code hang} that completes only when the test says so,
 * so that "requests in flight" is exact rather than a race, and counters of what actually ran.
 */
final class GatedBackend implements IntegrationBackend {

    private final TestBackend delegate = new TestBackend();
    private volatile CompletableFuture<Map<String, Object>> gate = new CompletableFuture<>();
    /** Endpoint calls and health checks that reached the backend, per integration id. */
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    final AtomicInteger hanging = new AtomicInteger();

    void release() {
        CompletableFuture<Map<String, Object>> open = gate;
        gate = new CompletableFuture<>();
        open.complete(Map.of("released", true));
    }

    @Override
    public CompletionStage<Boolean> exists(IntegrationRef integration) {
        return delegate.exists(integration);
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(EndpointCall call) {
        count(call.integration());
        if (call.endpoint().equals("hang")) {
            hanging.incrementAndGet();
            return gate;
        }
        return delegate.execute(call);
    }

    @Override
    public CompletionStage<Map<String, Object>> healthCheck(IntegrationRef integration) {
        count(integration);
        return delegate.healthCheck(integration);
    }

    @Override
    public CompletionStage<IntegrationStatus> status(IntegrationRef integration) {
        return delegate.status(integration);
    }

    int runs(String integrationId) {
        AtomicInteger counter = runs.get(integrationId);
        return counter == null ? 0 : counter.get();
    }

    private void count(IntegrationRef integration) {
        runs.computeIfAbsent(integration.integrationId(), id -> new AtomicInteger()).incrementAndGet();
    }
}
