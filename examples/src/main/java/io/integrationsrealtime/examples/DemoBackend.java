package io.integrationsrealtime.examples;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.IntegrationStatus;
import io.integrationsrealtime.protocol.RateLimit;
import io.integrationsrealtime.protocol.Timestamps;
import io.integrationsrealtime.server.spi.EndpointCall;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import io.integrationsrealtime.server.spi.IntegrationRef;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An in-memory {@link IntegrationBackend}: canned data with simulated upstream latency, usage
 * counters, a rate-limit window per integration. After each execution it hands the new usage to
 * a sink (the demo server publishes it to the room).
 */
public final class DemoBackend implements IntegrationBackend {

    private static final Duration RATE_WINDOW = Duration.ofMinutes(15);

    private final Map<String, DemoIntegration> integrations;
    private final Map<String, Counters> counters = new ConcurrentHashMap<>();
    private final Duration maxLatency;
    private volatile BiConsumer<IntegrationRef, Map<String, Object>> usageSink = (ref, usage) -> { };

    /** @param maxLatency upper bound of the simulated upstream latency (zero for none) */
    public DemoBackend(Duration maxLatency) {
        this.integrations = DemoCatalog.integrations().stream()
                .collect(Collectors.toUnmodifiableMap(DemoIntegration::id, Function.identity()));
        this.maxLatency = maxLatency;
        integrations.keySet().forEach(id -> counters.put(id, new Counters()));
    }

    /** Where usage goes after each execution; set once the server exists. */
    public void onUsage(BiConsumer<IntegrationRef, Map<String, Object>> sink) {
        this.usageSink = sink;
    }

    List<DemoIntegration> integrations() {
        return List.copyOf(integrations.values());
    }

    /** In memory, with simulated latency on a timer and usage published asynchronously: it never blocks. */
    @Override
    public boolean neverBlocks() {
        return true;
    }

    @Override
    public CompletionStage<Boolean> exists(IntegrationRef ref) {
        return CompletableFuture.completedFuture(DemoCatalog.PROJECT_ID.equals(ref.projectId())
                && integrations.containsKey(ref.integrationId()));
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(EndpointCall call) {
        DemoIntegration integration = integrations.get(call.integration().integrationId());
        Counters count = counters.get(integration.id());
        return later(() -> {
            try {
                if (!integration.active()) {
                    throw new IntegrationFailure(ErrorCode.INTEGRATION_INACTIVE,
                            integration.name() + " is not active: reconnect its credentials");
                }
                var endpoint = integration.endpoints().get(call.endpoint());
                if (endpoint == null) {
                    throw new IntegrationFailure(ErrorCode.NOT_FOUND, "no endpoint " + call.endpoint()
                            + "; try one of " + integration.endpoints().keySet());
                }
                if (count.requestsInWindow() >= integration.rateLimitPerWindow()) {
                    throw IntegrationFailure.rateLimited("demo rate limit reached", count.untilReset());
                }
                Map<String, Object> data = endpoint.apply(call.params());
                count.record(true);
                return data;
            } catch (RuntimeException e) {
                count.record(false);
                throw e;
            } finally {
                usageSink.accept(call.integration(), count.usage());
            }
        });
    }

    @Override
    public CompletionStage<Map<String, Object>> healthCheck(IntegrationRef ref) {
        DemoIntegration integration = integrations.get(ref.integrationId());
        return later(() -> {
            if (!integration.active()) {
                throw new IntegrationFailure(ErrorCode.INTEGRATION_INACTIVE, "token revoked by the provider");
            }
            return Map.of("healthy", true, "provider", integration.name(),
                    "latencyMs", ThreadLocalRandom.current().nextInt(20, 80));
        });
    }

    @Override
    public CompletionStage<IntegrationStatus> status(IntegrationRef ref) {
        DemoIntegration integration = integrations.get(ref.integrationId());
        Counters count = counters.get(integration.id());
        RateLimit rateLimit = integration.active()
                ? new RateLimit(integration.rateLimitPerWindow(),
                        Math.max(0, integration.rateLimitPerWindow() - count.requestsInWindow()), count.windowEnd())
                : null;
        return CompletableFuture.completedFuture(
                new IntegrationStatus(integration.active(), count.usage(), rateLimit, count.lastUsed()));
    }

    /** Completes after a simulated upstream latency, off the caller's thread. */
    private <T> CompletionStage<T> later(java.util.function.Supplier<T> work) {
        long millis = maxLatency.isZero() ? 0 : ThreadLocalRandom.current().nextLong(maxLatency.toMillis() / 3, maxLatency.toMillis() + 1);
        Executor delayed = CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS);
        return CompletableFuture.supplyAsync(work, delayed);
    }

    /** Usage of one integration since the demo started, and its current rate-limit window. */
    private static final class Counters {
        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private volatile Instant lastUsed;
        private volatile Instant windowStart = Instant.now();
        private final AtomicLong inWindow = new AtomicLong();

        synchronized void record(boolean success) {
            requests.incrementAndGet();
            if (!success) {
                errors.incrementAndGet();
            }
            rollWindow();
            inWindow.incrementAndGet();
            lastUsed = Timestamps.now();
        }

        synchronized long requestsInWindow() {
            rollWindow();
            return inWindow.get();
        }

        Instant windowEnd() {
            return windowStart.plus(RATE_WINDOW).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        }

        Duration untilReset() {
            return Duration.between(Instant.now(), windowEnd());
        }

        Instant lastUsed() {
            return lastUsed;
        }

        Map<String, Object> usage() {
            Map<String, Object> usage = new LinkedHashMap<>();
            usage.put("requests", requests.get());
            usage.put("errors", errors.get());
            usage.put("requestsThisWindow", inWindow.get());
            return usage;
        }

        private void rollWindow() {
            if (Instant.now().isAfter(windowEnd())) {
                windowStart = Instant.now();
                inWindow.set(0);
            }
        }
    }
}
