package io.integrationsrealtime.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.util.RawValue;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.ExecutionResult;
import io.integrationsrealtime.protocol.ProtocolJson;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import io.integrationsrealtime.server.store.IdempotencyStore.Outcome;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InMemoryIdempotencyStoreTest {

    /** Every request in these tests is the same request, but for the one that checks reuse. */
    private static final long FINGERPRINT = 7;

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
        assertThat(store.claim("k", FINGERPRINT)).isNull();
        Outcome first = completed("e-1");
        store.complete("k", first);

        Outcome retried = store.claim("k", FINGERPRINT).join();

        assertThat(retried.event()).isEqualTo(first.event());
        assertThat(json(retried)).isEqualTo(json(first));
    }

    @Test
    void aKeyReusedForAnotherRequest_isRefused_whileTheFirstRunsAndAfter_andTheFirstKeepsItsOutcome() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
        assertThat(store.claim("k", FINGERPRINT)).isNull();

        assertReused(store.claim("k", FINGERPRINT + 1));
        CompletableFuture<Outcome> duplicate = store.claim("k", FINGERPRINT);
        store.complete("k", completed("e-1"));
        assertReused(store.claim("k", FINGERPRINT + 1));

        assertThat(json(duplicate.join())).isEqualTo(json(completed("e-1")));
        assertThat(json(store.claim("k", FINGERPRINT).join())).isEqualTo(json(completed("e-1")));
        for (int i = 0; i < 5000; i++) {   // the ring grows, its records move: fingerprints move with them
            store.claim("more-" + i, i);
            store.complete("more-" + i, completed("m-" + i));
        }
        assertReused(store.claim("k", FINGERPRINT + 1));
        assertReused(store.claim("more-4321", 4322));
        assertThat(json(store.claim("more-4321", 4321).join())).isEqualTo(json(completed("m-4321")));
    }

    private static void assertReused(CompletableFuture<Outcome> claim) {
        assertThat(claim).isCompletedExceptionally();
        assertThatThrownBy(claim::join).hasCauseInstanceOf(IntegrationFailure.class).cause()
                .satisfies(cause -> assertThat(((IntegrationFailure) cause).error().code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED));
    }

    @Test
    void aDuplicateWhileTheFirstRuns_joinsIt() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
        assertThat(store.claim("k", FINGERPRINT)).isNull();
        CompletableFuture<Outcome> second = store.claim("k", FINGERPRINT);
        CompletableFuture<Outcome> third = store.claim("k", FINGERPRINT);
        assertThat(second).isNotDone();

        store.complete("k", completed("e-1"));

        assertThat(json(second.join())).isEqualTo(json(completed("e-1")));
        assertThat(json(third.join())).isEqualTo(json(completed("e-1")));
    }

    @Test
    void keepsOnlyACompactOutcome_boundedByBytes_oldestForgottenFirst() {
        long perRecord = recordBytes("k-0", completed("e-0"));
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(Duration.ofMinutes(10), 1000, 3 * perRecord,
                Clock.fixed(T0, ZoneOffset.UTC));
        for (int i = 0; i < 5; i++) {
            assertThat(store.claim("k-" + i, FINGERPRINT)).isNull();
            store.complete("k-" + i, completed("e-" + i));
        }

        assertThat(store.size()).isEqualTo(3);
        assertThat(store.estimatedBytes()).isEqualTo(3 * perRecord);
        assertThat(store.claim("k-1", FINGERPRINT)).as("forgotten: runs again").isNull();
        assertThat(json(store.claim("k-4", FINGERPRINT).join())).isEqualTo(json(completed("e-4")));
    }

    @Test
    void boundedByKeys() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(Duration.ofMinutes(10), 2,
                Clock.fixed(T0, ZoneOffset.UTC));
        for (int i = 0; i < 3; i++) {
            store.claim("k-" + i, FINGERPRINT);
            store.complete("k-" + i, completed("e-" + i));
        }
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.claim("k-0", FINGERPRINT)).isNull();
    }

    @Test
    void forgetsFinishedKeysAfterTheWindow_butKeepsRunningOnes() {
        MovingClock clock = new MovingClock();
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(Duration.ofMinutes(10), 100, clock);
        store.claim("running", FINGERPRINT);
        store.claim("done", FINGERPRINT);
        store.complete("done", completed("e-1"));

        clock.now = T0.plus(Duration.ofMinutes(11));

        assertThat(store.claim("running", FINGERPRINT)).as("still running: a retry joins it").isNotNull();
        // Finished records expire on their own; the running claim older than it does not hold them back.
        assertThat(store.claim("done", FINGERPRINT)).as("expired").isNull();
        store.complete("running", completed("e-2"));
        assertThat(json(store.claim("running", FINGERPRINT).join())).as("finished now: kept a window from now")
                .isEqualTo(json(completed("e-2")));
    }

    @Test
    void theWindowStartsWhenTheFirstRequestCompletes() {
        MovingClock clock = new MovingClock();
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(Duration.ofMinutes(1), 100, clock);
        store.claim("a", FINGERPRINT);
        clock.now = T0.plusSeconds(50);
        store.complete("a", raw("ev", "{\"a\":1}"));
        store.claim("b", FINGERPRINT);
        clock.now = T0.plusSeconds(70);
        store.complete("b", raw("ev", "{\"b\":2}"));

        clock.now = T0.plusSeconds(110);   // a minute after a's claim, 60 s after it completed
        assertThat(json(store.claim("a", FINGERPRINT).join())).isEqualTo("{\"a\":1}");
        assertThat(store.size()).isEqualTo(2);

        clock.now = T0.plusSeconds(111);
        assertThat(store.claim("a", FINGERPRINT)).as("expired: runs again").isNull();
        assertThat(json(store.claim("b", FINGERPRINT).join())).isEqualTo("{\"b\":2}");
        assertThat(store.size()).as("b, and a running again").isEqualTo(2);
        assertThat(store.estimatedBytes()).isEqualTo(recordBytes("b", raw("ev", "{\"b\":2}")) + runningBytes("a"));

        clock.now = T0.plusSeconds(131);
        assertThat(store.claim("b", FINGERPRINT)).as("expired").isNull();
        assertThat(store.estimatedBytes()).isEqualTo(runningBytes("a") + runningBytes("b"));
    }

    @Test
    void waitersOfARunningKeyThatIsForgotten_failWithUnavailable() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(Duration.ofMinutes(10), 1,
                Clock.fixed(T0, ZoneOffset.UTC));
        store.claim("k-0", FINGERPRINT);
        CompletableFuture<Outcome> waiter = store.claim("k-0", FINGERPRINT);

        store.claim("k-1", FINGERPRINT);

        assertThatThrownBy(waiter::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(IntegrationFailure.class,
                        failure -> assertThat(failure.error().code()).isEqualTo(ErrorCode.UNAVAILABLE));
        store.complete("k-0", completed("late"));   // the first request ending later changes nothing
        assertThat(store.claim("k-0", FINGERPRINT)).isNull();
    }

    @Test
    void releasedKey_failsItsWaiters_andRunsAgain() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
        store.claim("k", FINGERPRINT);
        CompletableFuture<Outcome> waiter = store.claim("k", FINGERPRINT);

        store.release("k");

        assertThat(waiter).isCompletedExceptionally();
        assertThat(store.claim("k", FINGERPRINT)).isNull();
        assertThat(store.estimatedBytes()).as("only the new claim").isEqualTo(runningBytes("k"));
    }

    @Test
    void anOutcomeThatIsNotJson_releasesTheKey_insteadOfKeepingItRunning() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
        store.claim("k", FINGERPRINT);
        CompletableFuture<Outcome> waiter = store.claim("k", FINGERPRINT);
        Map<String, Object> cyclic = new java.util.HashMap<>();
        cyclic.put("self", cyclic);

        store.complete("k", new Outcome("integration:execution:completed", cyclic));

        assertThat(waiter).isCompletedExceptionally();
        assertThat(store.claim("k", FINGERPRINT)).as("runs again").isNull();
    }

    @Test
    void releasingACompletedKey_keepsItsOutcome() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
        store.claim("k", FINGERPRINT);
        store.complete("k", completed("e-1"));

        store.release("k");

        assertThat(json(store.claim("k", FINGERPRINT).join())).as("it ran: a retry gets its outcome").isEqualTo(json(completed("e-1")));
    }

    @Test
    void aSecondCompletion_changesNothing() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
        store.complete("never-claimed", completed("e-0"));
        store.claim("k", FINGERPRINT);
        store.complete("k", completed("e-1"));
        store.complete("k", completed("e-2"));

        assertThat(json(store.claim("k", FINGERPRINT).join())).isEqualTo(json(completed("e-1")));
        assertThat(store.claim("never-claimed", FINGERPRINT)).isNull();
        assertThat(store.size()).isEqualTo(2);
    }

    static Stream<Arguments> keyHashes() {
        return Stream.of(
                Arguments.of("one hash for all keys", (ToLongFunction<byte[]>) key -> 42L),
                // Runs that start at the table's last slot wrap to its first, where the other keys' home is.
                Arguments.of("two homes at the table's ends", (ToLongFunction<byte[]>) key ->
                        key[key.length - 1] % 2 == 0 ? 63 : (1L << 40)),
                Arguments.of("the store's own", InMemoryIdempotencyStore.seededHash(7)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyHashes")
    void keysWithTheSameHash_areAllKept_eachWithItsOwnOutcome(String name, ToLongFunction<byte[]> hash) {
        int maxKeys = 20;   // a table of 64 slots
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(Duration.ofMinutes(10), maxKeys, 1 << 20,
                Clock.fixed(T0, ZoneOffset.UTC), hash);
        for (int i = 0; i < 200; i++) {
            assertThat(store.claim("k-" + i, FINGERPRINT)).isNull();
            store.complete("k-" + i, raw("ev", "{\"i\":" + i + "}"));

            for (int kept = Math.max(0, i - maxKeys + 1); kept <= i; kept++) {
                assertThat(json(store.claim("k-" + kept, FINGERPRINT).join())).isEqualTo("{\"i\":" + kept + "}");
            }
            assertThat(store.size()).isEqualTo(Math.min(i + 1, maxKeys));
        }
        assertThat(store.claim("k-179", FINGERPRINT)).as("the oldest was forgotten").isNull();
    }

    @Test
    void keysThatDifferOnlyInAnUnpairedSurrogate_areTwoKeys() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
        String lone = "x" + (char) 0xD800;   // String.getBytes(UTF_8) would make it "x?"
        store.claim(lone, FINGERPRINT);
        store.complete(lone, raw("ev", "\"lone\""));

        assertThat(store.claim("x?", FINGERPRINT)).isNull();
        store.complete("x?", raw("ev", "\"question\""));

        assertThat(json(store.claim(lone, FINGERPRINT).join())).isEqualTo("\"lone\"");
        assertThat(json(store.claim("x?", FINGERPRINT).join())).isEqualTo("\"question\"");
    }

    @Test
    void nonAsciiKeysEventsAndOutcomes_comeBackIntact() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
        String key = "użytkownik\u0000プロジェクト\u0000" + "\uD83D\uDE00";
        Outcome outcome = raw("ereignis:größe", "{\"text\":\"naïve 日本語 \uD83C\uDF89\",\"n\":1}");
        store.claim(key, FINGERPRINT);
        store.complete(key, outcome);

        Outcome retried = store.claim(key, FINGERPRINT).join();

        assertThat(retried.event()).isEqualTo("ereignis:größe");
        assertThat(json(retried)).isEqualTo(json(outcome));
        assertThat(store.estimatedBytes()).isEqualTo(recordBytes(key, outcome));
    }

    @Test
    void anUnpairedSurrogateInAnOutcome_comesBackAsTheBytesOfItsUtf8() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
        String text = "\"a" + (char) 0xDC00 + "b\"";
        store.claim("k", FINGERPRINT);
        store.complete("k", raw("ev", text));

        assertThat(json(store.claim("k", FINGERPRINT).join())).isEqualTo(new String(text.getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8));
    }

    @Test
    void theRingWrapsManyTimes_recentKeysKeepTheirOwnOutcomes_oldOnesAreForgotten() {
        int maxBytes = 4096;
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(Duration.ofMinutes(10), 10_000, maxBytes,
                Clock.fixed(T0, ZoneOffset.UTC));
        Random random = new Random(1);
        List<String> keys = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        long largest = 0;
        long written = 0;
        for (int i = 0; i < 3000; i++) {
            String key = "key-" + i;
            Outcome outcome = raw("ev", "{\"i\":" + i + ",\"pad\":\"" + "x".repeat(random.nextInt(400)) + "\"}");
            keys.add(key);
            outcomes.add(outcome);
            largest = Math.max(largest, recordBytes(key, outcome));
            written += recordBytes(key, outcome);
            store.claim(key, FINGERPRINT);
            store.complete(key, outcome);

            int kept = store.size();
            long keptBytes = 0;
            for (int k = i; k > i - kept; k--) {
                assertThat(json(store.claim(keys.get(k), FINGERPRINT).join())).isEqualTo(json(outcomes.get(k)));
                keptBytes += recordBytes(keys.get(k), outcomes.get(k));
            }
            assertThat(store.estimatedBytes()).isEqualTo(keptBytes).isLessThanOrEqualTo(maxBytes);
            if (kept <= i) {
                String newestForgotten = keys.get(i - kept);
                assertThat(store.claim(newestForgotten, FINGERPRINT)).as("forgotten: runs again").isNull();
                store.release(newestForgotten);
                // Forgotten only for want of room: with it, the ring would have been nearly full.
                assertThat(keptBytes + recordBytes(newestForgotten, outcomes.get(i - kept)))
                        .isGreaterThan(maxBytes - 2 * largest);
            }
        }
        assertThat(written).as("wrapped many times").isGreaterThan(50L * maxBytes);
    }

    @Test
    void theRingAndTableGrow_andKeepEverything() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(Duration.ofMinutes(10), 100_000, 1 << 20,
                Clock.fixed(T0, ZoneOffset.UTC));
        long bytes = 0;
        for (int i = 0; i < 5000; i++) {
            store.claim("key-" + i, FINGERPRINT);
            store.complete("key-" + i, raw("ev", "{\"i\":" + i + "}"));
            bytes += recordBytes("key-" + i, raw("ev", "{\"i\":" + i + "}"));
        }

        for (int i = 0; i < 5000; i++) {
            assertThat(json(store.claim("key-" + i, FINGERPRINT).join())).isEqualTo("{\"i\":" + i + "}");
        }
        assertThat(store.size()).isEqualTo(5000);
        assertThat(store.estimatedBytes()).isEqualTo(bytes);
    }

    @Test
    void maxKeysCountsRunningClaims_butForgetsFinishedOnesFirst() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(Duration.ofMinutes(10), 3,
                Clock.fixed(T0, ZoneOffset.UTC));
        store.claim("running", FINGERPRINT);
        CompletableFuture<Outcome> waiter = store.claim("running", FINGERPRINT);
        for (String key : List.of("a", "b")) {
            store.claim(key, FINGERPRINT);
            store.complete(key, raw("ev", "\"" + key + "\""));
        }

        assertThat(store.claim("c", FINGERPRINT)).isNull();

        assertThat(store.size()).isEqualTo(3);
        assertThat(waiter).as("the running claim is older but kept").isNotDone();
        assertThat(json(store.claim("b", FINGERPRINT).join())).isEqualTo("\"b\"");
        store.complete("running", raw("ev", "\"r\""));
        assertThat(json(waiter.join())).isEqualTo("\"r\"");
        assertThat(store.claim("a", FINGERPRINT)).as("forgotten").isNull();
    }

    @Test
    void aRecordLargerThanTheRing_isNotKept_butItsWaitersGetIt() {
        Outcome small = raw("ev", "\"small\"");
        int maxBytes = 1000;
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(Duration.ofMinutes(10), 100, maxBytes,
                Clock.fixed(T0, ZoneOffset.UTC));
        store.claim("small", FINGERPRINT);
        store.complete("small", small);
        store.claim("big", FINGERPRINT);
        CompletableFuture<Outcome> waiter = store.claim("big", FINGERPRINT);
        Outcome big = raw("ev", "\"" + "x".repeat(2000) + "\"");

        store.complete("big", big);

        assertThat(json(waiter.join())).isEqualTo(json(big));
        assertThat(json(store.claim("small", FINGERPRINT).join())).as("the others stay").isEqualTo("\"small\"");
        assertThat(store.estimatedBytes()).isEqualTo(recordBytes("small", small));
        assertThat(store.claim("big", FINGERPRINT)).as("forgotten at once: runs again").isNull();
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void aRecordAsLargeAsTheRing_isKept_alone() {
        Outcome first = raw("ev", "\"first\"");
        Outcome exact = raw("ev", "\"" + "x".repeat(500) + "\"");
        long maxBytes = recordBytes("exact", exact);
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(Duration.ofMinutes(10), 100, maxBytes,
                Clock.fixed(T0, ZoneOffset.UTC));
        store.claim("first", FINGERPRINT);
        store.complete("first", first);
        store.claim("exact", FINGERPRINT);
        store.complete("exact", exact);

        assertThat(json(store.claim("exact", FINGERPRINT).join())).isEqualTo(json(exact));
        assertThat(store.estimatedBytes()).isEqualTo(maxBytes);
        assertThat(store.claim("first", FINGERPRINT)).isNull();
    }

    @Test
    void concurrentClaimsOfOneKey_exactlyOneRuns_theOthersGetItsOutcome() throws Exception {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 200; round++) {
                String key = "k-" + round;
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<CompletableFuture<Outcome>>> claims = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    claims.add(pool.submit(() -> {
                        start.await();
                        return store.claim(key, FINGERPRINT);
                    }));
                }
                List<CompletableFuture<Outcome>> results = new ArrayList<>();
                for (Future<CompletableFuture<Outcome>> claim : claims) {
                    results.add(claim.get(10, TimeUnit.SECONDS));
                }

                assertThat(results).as("round %d", round).containsOnlyOnce((CompletableFuture<Outcome>) null);
                store.complete(key, raw("ev", "\"" + round + "\""));
                for (CompletableFuture<Outcome> duplicate : results) {
                    if (duplicate != null) {
                        assertThat(json(duplicate.get(10, TimeUnit.SECONDS))).isEqualTo("\"" + round + "\"");
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rememberingAnOutcome_allocatesNoObjectsPerKey() {
        // The store that kept a map entry, record and byte[] per key allocated 770-810 bytes per
        // claim and completion here (its JSON bytes alone are over 600); this one ~140 (the
        // running claim and the key's bytes, both short-lived).
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean counting
                && counting.isThreadAllocatedMemorySupported() && counting.isThreadAllocatedMemoryEnabled(),
                "needs HotSpot's per-thread allocation counter (com.sun.management.ThreadMXBean)");
        com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean) threads;
        StringBuilder json = new StringBuilder("{\"integrationId\":\"64b2c3d4e5f6789012345678\",\"result\":{\"data\":[");
        while (json.length() < 600) {
            json.append("{\"id\":\"12345\",\"name\":\"x\"},");
        }
        Outcome outcome = raw("integration:execution:completed", json.append("{}]}}").toString());
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(Duration.ofMinutes(10), 100_000, 2 << 20,
                Clock.fixed(T0, ZoneOffset.UTC));
        int n = 10_000;
        String[] keys = new String[2 * n];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "user-" + i % 97 + "\u0000proj-1\u000064b2c3d4e5f6789012345678\u0000req-" + i;
        }
        for (int i = 0; i < n; i++) {   // fills (and grows) the ring, warms up
            store.claim(keys[i], FINGERPRINT);
            store.complete(keys[i], outcome);
        }

        long before = counter.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = n; i < 2 * n; i++) {
            store.claim(keys[i], FINGERPRINT);
            store.complete(keys[i], outcome);
        }
        long perOperation = (counter.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / n;

        assertThat(perOperation).as("bytes allocated per claim and completion").isLessThan(600);
    }

    private static Outcome raw(String event, String json) {
        return new Outcome(event, new RawValue(json));
    }

    /** What a finished record takes in the ring. */
    static long recordBytes(String key, Outcome outcome) {
        return InMemoryIdempotencyStore.RECORD_OVERHEAD_BYTES + Utf8.keyBytes(key).length
                + outcome.event().getBytes(StandardCharsets.UTF_8).length
                + outcome.payloadJson().getBytes(StandardCharsets.UTF_8).length;
    }

    /** What a running claim is estimated to take. */
    static long runningBytes(String key) {
        return InMemoryIdempotencyStore.RUNNING_OVERHEAD_BYTES + key.length() + Utf8.keyBytes(key).length;
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
