package io.integrationsrealtime.server.redis.fault;

import io.integrationsrealtime.client.ExecuteOptions;
import io.integrationsrealtime.client.Integration;
import io.integrationsrealtime.client.IntegrationException;
import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.server.TestBackend;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executes requests through one Java SDK client as an app that wants each done would: a failure
 * whose outcome is unknown or that may pass ({@code DISCONNECTED}, {@code TIMEOUT},
 * {@code ACK_TIMEOUT}, {@code UNAVAILABLE}) is retried with the same requestId, so the server's
 * idempotency decides whether it runs again; anything else is the request's outcome. Records each
 * request's one terminal outcome, and counts any second one (there must be none).
 */
final class Runner {

    private static final Set<ErrorCode> RETRIED =
            Set.of(ErrorCode.DISCONNECTED, ErrorCode.TIMEOUT, ErrorCode.ACK_TIMEOUT, ErrorCode.UNAVAILABLE);

    /** A request's terminal outcome: the run's id on success, else the error code. */
    record Outcome(String executionId, ErrorCode failure, int attempts, long endedNanos) {
    }

    final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    final AtomicInteger secondOutcomes = new AtomicInteger();
    final AtomicInteger retries = new AtomicInteger();
    private final Integration tweets;
    private final Duration giveUpAfter;

    Runner(IntegrationsClient client, Duration giveUpAfter) throws Exception {
        client.connect().get(20, TimeUnit.SECONDS);
        this.tweets = client.integration(TestBackend.PROJECT, TestBackend.TWEETS);
        this.giveUpAfter = giveUpAfter;
    }

    /** Runs endpoint "work" for {@code millis} as request {@code requestId}, retrying as above. */
    CompletableFuture<Outcome> run(String requestId, int millis) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        attempt(requestId, millis, 1, System.nanoTime() + giveUpAfter.toNanos(), done);
        return done;
    }

    private void attempt(String requestId, int millis, int attempt, long giveUpAtNanos, CompletableFuture<Outcome> done) {
        tweets.execute("work", Map.of("ms", millis), null,
                ExecuteOptions.withTimeoutOf(Duration.ofSeconds(15)).withRequestId(requestId)).whenComplete((completed, error) -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    ErrorCode code = cause instanceof IntegrationException e ? e.code() : cause == null ? null : ErrorCode.UNKNOWN;
                    if (code != null && RETRIED.contains(code) && System.nanoTime() - giveUpAtNanos < 0) {
                        retries.incrementAndGet();
                        CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)
                                .execute(() -> attempt(requestId, millis, attempt + 1, giveUpAtNanos, done));
                        return;
                    }
                    Outcome outcome = new Outcome(completed == null ? null : completed.executionId(), code, attempt, System.nanoTime());
                    if (outcomes.putIfAbsent(requestId, outcome) != null) {
                        secondOutcomes.incrementAndGet();
                    }
                    done.complete(outcome);
                });
    }
}
