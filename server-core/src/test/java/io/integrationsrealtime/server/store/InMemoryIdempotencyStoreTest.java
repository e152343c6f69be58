package io.integrationsrealtime.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.ExecutionResult;
import io.integrationsrealtime.protocol.ProtocolJson;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import io.integrationsrealtime.server.store.IdempotencyStore.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class InMemoryIdempotencyStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Outcome completed(String executionId) {
        return new Outcome("integration:execution:completed", new ExecutionCompleted("64b2c3d4e5f6789012345678",
                "getUserTweets", ExecutionResult.success(Map.of("tweets", List.of(Map.of("id", "1")))),
                executionId, "r-1", T0));
    }

    private static String json(Outcome outcome) {
        return ProtocolJson.write(outcome.payload());
    }

    @Test
    void aRetryAfterTheFirstFinished_getsTheSameJson() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
        assertThat(store.claim("k")).isNull();
        Outcome first = completed("e-1");
        store.complete("k", first);

        Outcome retried = store.claim("k").join();

        assertThat(retried.event()).isEqualTo(first.event());
        assertThat(json(retried)).isEqualTo(json(first));
    }

    @Test
    void aDuplicateWhileTheFirstRuns_joinsIt() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
        assertThat(store.claim("k")).isNull();
        CompletableFuture<Outcome> second = store.claim("k");
        CompletableFuture<Outcome> third = store.claim("k");
        assertThat(second).isNotDone();

        store.complete("k", completed("e-1"));

        assertThat(json(second.join())).isEqualTo(json(completed("e-1")));
        assertThat(json(third.join())).isEqualTo(json(completed("e-1")));
    }

    @Test
    void keepsOnlyACompactOutcome_boundedByBytes_oldestForgottenFirst() {
        long outcomeBytes = ProtocolJson.write(completed("e-0").payload()).length();
        long perRecord = InMemoryIdempotencyStore.RECORD_OVERHEAD_BYTES + "k-0".length() + outcomeBytes;
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(Duration.ofMinutes(10), 1000, 3 * perRecord,
                Clock.fixed(T0, ZoneOffset.UTC));
        for (int i = 0; i < 5; i++) {
            assertThat(store.claim("k-" + i)).isNull();
            store.complete("k-" + i, completed("e-" + i));
        }

        assertThat(store.size()).isEqualTo(3);
        assertThat(store.estimatedBytes()).isEqualTo(3 * perRecord);
        assertThat(store.claim("k-1")).as("forgotten: runs again").isNull();
        assertThat(json(store.claim("k-4").join())).isEqualTo(json(completed("e-4")));
    }

    @Test
    void boundedByKeys() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(Duration.ofMinutes(10), 2,
                Clock.fixed(T0, ZoneOffset.UTC));
        for (int i = 0; i < 3; i++) {
            store.claim("k-" + i);
            store.complete("k-" + i, completed("e-" + i));
        }
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.claim("k-0")).isNull();
    }

    @Test
    void forgetsFinishedKeysAfterTheWindow_butKeepsRunningOnes() {
        MovingClock clock = new MovingClock();
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(Duration.ofMinutes(10), 100, clock);
        store.claim("running");
        store.claim("done");
        store.complete("done", completed("e-1"));

        clock.now = T0.plus(Duration.ofMinutes(11));

        assertThat(store.claim("running")).as("still running: a retry joins it").isNotNull();
        assertThat(store.claim("done")).as("expired behind the running one: kept until it ends").isNotNull();
        store.complete("running", completed("e-2"));
        assertThat(store.claim("other")).isNull();
        assertThat(store.claim("done")).as("expired").isNull();
    }

    @Test
    void waitersOfARunningKeyThatIsForgotten_failWithUnavailable() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(Duration.ofMinutes(10), 1,
                Clock.fixed(T0, ZoneOffset.UTC));
        store.claim("k-0");
        CompletableFuture<Outcome> waiter = store.claim("k-0");

        store.claim("k-1");

        assertThatThrownBy(waiter::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(IntegrationFailure.class,
                        failure -> assertThat(failure.error().code()).isEqualTo(ErrorCode.UNAVAILABLE));
        store.complete("k-0", completed("late"));   // the first request ending later changes nothing
        assertThat(store.claim("k-0")).isNull();
    }

    @Test
    void releasedKey_failsItsWaiters_andRunsAgain() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
        store.claim("k");
        CompletableFuture<Outcome> waiter = store.claim("k");

        store.release("k");

        assertThat(waiter).isCompletedExceptionally();
        assertThat(store.claim("k")).isNull();
        assertThat(store.estimatedBytes()).isEqualTo(InMemoryIdempotencyStore.RECORD_OVERHEAD_BYTES + 1);
    }

    @Test
    void anOutcomeThatIsNotJson_releasesTheKey_insteadOfKeepingItRunning() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
        store.claim("k");
        CompletableFuture<Outcome> waiter = store.claim("k");
        Map<String, Object> cyclic = new java.util.HashMap<>();
        cyclic.put("self", cyclic);

        store.complete("k", new Outcome("integration:execution:completed", cyclic));

        assertThat(waiter).isCompletedExceptionally();
        assertThat(store.claim("k")).as("runs again").isNull();
    }

    private static final class MovingClock extends Clock {
        private Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
