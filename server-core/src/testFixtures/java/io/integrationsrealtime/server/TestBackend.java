package io.integrationsrealtime.server;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.IntegrationStatus;
import io.integrationsrealtime.protocol.RateLimit;
import io.integrationsrealtime.server.spi.EndpointCall;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import io.integrationsrealtime.server.spi.IntegrationRef;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** A small backend for tests: one project with two integrations and a few endpoints. */
public final class TestBackend implements IntegrationBackend {

    public static final String PROJECT = "6958511e8397f2dfa88090d8";
    public static final String OTHER_PROJECT = "6958511e8397f2dfa88090d9";
    public static final String TWEETS = "64b2c3d4e5f6789012345678";
    public static final String PAYMENTS = "64b2c3d4e5f6789012345679";
    /** Exists, but in OTHER_PROJECT. */
    public static final String FOREIGN = "64b2c3d4e5f678901234567f";
    /** Exists in PROJECT and in OTHER_PROJECT: a host's integration ids may be unique per project only. */
    public static final String SHARED = "64b2c3d4e5f67890123456ab";
    public static final String SECRET = "s3cr3t-host-detail";
    /** The integrations with their projects, as publishWebhook and publishUsage take them. */
    public static final IntegrationRef TWEETS_REF = new IntegrationRef(PROJECT, TWEETS);
    public static final IntegrationRef PAYMENTS_REF = new IntegrationRef(PROJECT, PAYMENTS);
    public static final IntegrationRef FOREIGN_REF = new IntegrationRef(OTHER_PROJECT, FOREIGN);

    /** How many times the "count" endpoint ran. */
    public final java.util.concurrent.atomic.AtomicInteger counted = new java.util.concurrent.atomic.AtomicInteger();

    /** The result of the latest "slow" call, to know when it has finished. */
    public volatile CompletableFuture<Map<String, Object>> lastSlow;

    /** Names of the threads backend methods ran on. */
    public final Set<String> threads = ConcurrentHashMap.newKeySet();

    @Override
    public CompletionStage<Boolean> exists(IntegrationRef integration) {
        threads.add(Thread.currentThread().getName());
        boolean ours = PROJECT.equals(integration.projectId())
                && (TWEETS.equals(integration.integrationId()) || PAYMENTS.equals(integration.integrationId()));
        boolean theirs = OTHER_PROJECT.equals(integration.projectId()) && FOREIGN.equals(integration.integrationId());
        boolean shared = SHARED.equals(integration.integrationId())
                && (PROJECT.equals(integration.projectId()) || OTHER_PROJECT.equals(integration.projectId()));
        return CompletableFuture.completedFuture(ours || theirs || shared);
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(EndpointCall call) {
        threads.add(Thread.currentThread().getName());
        return switch (call.endpoint()) {
            case "getUserTweets" -> CompletableFuture.completedFuture(
                    Map.of("userId", call.params().getOrDefault("userId", ""), "tweets", java.util.List.of("hello")));
            // Completes after a random few milliseconds, so concurrent calls finish out of order.
            case "echo" -> CompletableFuture.supplyAsync(
                    () -> Map.of("params", call.params(), "requestData", call.requestData()),
                    CompletableFuture.delayedExecutor(java.util.concurrent.ThreadLocalRandom.current().nextInt(20),
                            java.util.concurrent.TimeUnit.MILLISECONDS));
            case "upstreamDown" -> CompletableFuture.failedFuture(
                    new IntegrationFailure(ErrorCode.UPSTREAM_ERROR, "upstream answered 503", Map.of("status", 503)));
            case "throws" -> throw new IllegalStateException(SECRET);
            case "hang" -> new CompletableFuture<>();
            // Completes after params.ms milliseconds.
            case "slow" -> {
                CompletableFuture<Map<String, Object>> result = CompletableFuture.supplyAsync(
                        () -> Map.of("slept", call.params().get("ms")),
                        CompletableFuture.delayedExecutor(((Number) call.params().getOrDefault("ms", 100)).longValue(),
                                java.util.concurrent.TimeUnit.MILLISECONDS));
                lastSlow = result;
                yield result;
            }
            case "count" -> CompletableFuture.supplyAsync(() -> Map.of("count", counted.incrementAndGet()),
                    CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS));
            default -> CompletableFuture.failedFuture(new IntegrationFailure(ErrorCode.NOT_FOUND, "no endpoint " + call.endpoint()));
        };
    }

    @Override
    public CompletionStage<Map<String, Object>> healthCheck(IntegrationRef integration) {
        threads.add(Thread.currentThread().getName());
        if (PAYMENTS.equals(integration.integrationId())) {
            return CompletableFuture.failedFuture(new IntegrationFailure(ErrorCode.UPSTREAM_ERROR, "credentials expired"));
        }
        return CompletableFuture.completedFuture(Map.of("latencyMs", 12));
    }

    @Override
    public CompletionStage<IntegrationStatus> status(IntegrationRef integration) {
        threads.add(Thread.currentThread().getName());
        RateLimit rateLimit = TWEETS.equals(integration.integrationId())
                ? new RateLimit(900, 899, Instant.parse("2026-03-18T10:15:00Z")) : null;
        return CompletableFuture.completedFuture(new IntegrationStatus(true, Map.of("requests", 1), rateLimit,
                rateLimit == null ? null : Instant.parse("2026-03-17T22:00:00Z")));
    }
}
