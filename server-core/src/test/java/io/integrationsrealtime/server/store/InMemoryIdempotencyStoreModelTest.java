package io.integrationsrealtime.server.store;

import static io.integrationsrealtime.server.store.InMemoryIdempotencyStoreTest.recordBytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.util.RawValue;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import io.integrationsrealtime.server.store.IdempotencyStore.Outcome;
import io.integrationsrealtime.server.webhook.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random claims, completions, releases and clock moves, each checked against a reference model:
 * two LinkedHashMaps (finished keys in completion order, running claims in claim order) with the
 * documented bounds. The one thing the model does not predict is how many extra records the ring
 * forgets because a record does not fit before the array's end; it learns that from
 * {@code size()} after each completion, drops that many of its oldest, and checks that the ring
 * was indeed nearly full (within two records) when it forgot them.
 */
class InMemoryIdempotencyStoreModelTest {

    /** Every claim here is for the same request (reuse with another is checked in InMemoryIdempotencyStoreTest). */
    private static final long FINGERPRINT = 7;

    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final int OPERATIONS = 6000;
    private static final String[] EVENTS = {"integration:execution:completed", "integration:execution:failed", "ereignis:größe"};

    static Stream<Arguments> configurations() {
        ToLongFunction<byte[]> fewHashes = key -> key.length % 3;
        // With maxKeys 12 the table has 32 slots: runs from the last slot wrap onto the first's.
        ToLongFunction<byte[]> tableEnds = key -> key[key.length - 1] % 2 == 0 ? 31 : 1L << 33;
        // The clock moves up to maxStep at a time: 10 s makes the 10-minute window pass ~7 times.
        return Stream.of(
                Arguments.of("bytes bind, small ring", 1000, 3000, InMemoryIdempotencyStore.seededHash(11), 10_000, Bound.BYTES),
                Arguments.of("bytes bind, three hashes", 1000, 3000, fewHashes, 10_000, Bound.BYTES),
                Arguments.of("keys bind", 12, 1 << 20, InMemoryIdempotencyStore.seededHash(12), 10_000, Bound.KEYS),
                Arguments.of("keys bind, runs wrap the table", 12, 1 << 20, tableEnds, 10_000, Bound.KEYS),
                Arguments.of("the window binds", 100_000, 1 << 20, InMemoryIdempotencyStore.seededHash(13), 10_000, Bound.WINDOW),
                Arguments.of("ring grows, then bytes bind", 100_000, 200_000, InMemoryIdempotencyStore.seededHash(14), 400,
                        Bound.BYTES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void behavesLikeTheModel(String name, int maxKeys, int maxBytes, ToLongFunction<byte[]> hash, int maxStep, Bound binds) {
        Random random = new Random(42);
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(WINDOW, maxKeys, maxBytes, clock, hash);
        Model model = new Model(maxKeys, maxBytes, clock);
        List<String> used = new ArrayList<>();
        int fresh = 0;
        for (int op = 0; op < OPERATIONS; op++) {
            int dice = random.nextInt(100);
            if (dice < 40) {
                String key = pickKey(random, model, used, "key-" + fresh);
                if (key.equals("key-" + fresh)) {
                    fresh++;
                    used.add(key);
                }
                model.claim(key, store.claim(key, FINGERPRINT));
            } else if (dice < 70) {
                String key = model.running.isEmpty() || random.nextInt(10) == 0 ? pickKey(random, model, used, "never")
                        : randomRunning(random, model);
                Outcome outcome = new Outcome(EVENTS[random.nextInt(EVENTS.length)], new RawValue(randomJson(random)));
                model.complete(key, outcome, () -> store.complete(key, outcome), store);
            } else if (dice < 74 && !model.running.isEmpty()) {
                String key = randomRunning(random, model);
                Map<String, Object> cyclic = new HashMap<>();
                cyclic.put("self", cyclic);
                store.complete(key, new Outcome("ev", cyclic));   // not JSON: released
                model.release(key);
            } else if (dice < 85) {
                String key = model.running.isEmpty() || random.nextBoolean() ? pickKey(random, model, used, "never")
                        : randomRunning(random, model);
                store.release(key);
                model.release(key);
            } else {
                clock.advance(Duration.ofMillis(random.nextInt(maxStep)));
            }
            assertThat(store.size()).as("size after operation %d", op).isEqualTo(model.size());
            assertThat(store.estimatedBytes()).as("bytes after operation %d", op).isEqualTo(model.bytes());
            if (op % 500 == 0) {
                model.checkAllFinished(store);
            }
        }
        model.checkAllFinished(store);
        int forgotten = switch (binds) {
            case BYTES -> model.forgottenForRoom;
            case KEYS -> model.forgottenForKeys;
            case WINDOW -> model.expired;
        };
        assertThat(forgotten).as("keys forgotten for %s", binds).isGreaterThan(20);
    }

    private static String pickKey(Random random, Model model, List<String> used, String fresh) {
        if (used.isEmpty() || random.nextInt(10) < 4) {
            return fresh;
        }
        return used.get(Math.max(0, used.size() - 1 - random.nextInt(64)));   // recent keys: some still remembered
    }

    private static String randomRunning(Random random, Model model) {
        return new ArrayList<>(model.running.keySet()).get(random.nextInt(model.running.size()));
    }

    private static String randomJson(Random random) {
        StringBuilder text = new StringBuilder("{\"text\":\"");
        int length = random.nextInt(300);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(40);
            text.append(switch (kind) {
                case 0 -> "é";
                case 1 -> "日";
                case 2 -> "\uD83C\uDF89";
                case 3 -> String.valueOf((char) 0xD83C);   // unpaired: comes back as '?'
                default -> String.valueOf((char) ('a' + kind % 26));
            });
        }
        return text.append("\"}").toString();
    }

    /** The documented behaviour, kept simple: maps, no ring. */
    private static final class Model {
        private final int maxKeys;
        private final int maxBytes;
        private final Clock clock;
        /** Completion order: the oldest first. */
        private final LinkedHashMap<String, Finished> finished = new LinkedHashMap<>();
        /** Claim order, with the duplicates waiting on each. */
        private final LinkedHashMap<String, List<CompletableFuture<Outcome>>> running = new LinkedHashMap<>();
        private long largestRecord;
        private int forgottenForRoom;
        private int forgottenForKeys;
        private int expired;

        Model(int maxKeys, int maxBytes, Clock clock) {
            this.maxKeys = maxKeys;
            this.maxBytes = maxBytes;
            this.clock = clock;
        }

        void claim(String key, CompletableFuture<Outcome> actual) {
            expire();
            if (running.containsKey(key)) {
                assertThat(actual).as("a duplicate of running %s", key).isNotNull().isNotDone();
                running.get(key).add(actual);
                return;
            }
            Finished record = finished.get(key);
            if (record != null) {
                assertThat(actual).as("a retry of finished %s", key).isNotNull().isDone();
                Outcome outcome = actual.join();
                assertThat(outcome.event()).isEqualTo(record.event);
                assertThat(outcome.payloadJson()).isEqualTo(record.json);
                return;
            }
            assertThat(actual).as("the first claim of %s", key).isNull();
            while (finished.size() + running.size() >= maxKeys) {
                if (!finished.isEmpty()) {
                    removeOldestFinished();
                    forgottenForKeys++;
                } else {
                    Iterator<List<CompletableFuture<Outcome>>> oldest = running.values().iterator();
                    oldest.next().forEach(Model::assertFailedUnavailable);
                    oldest.remove();
                }
            }
            running.put(key, new ArrayList<>());
        }

        void complete(String key, Outcome outcome, Runnable storeComplete, InMemoryIdempotencyStore store) {
            List<CompletableFuture<Outcome>> waiting = running.remove(key);
            storeComplete.run();
            if (waiting == null) {
                return;
            }
            for (CompletableFuture<Outcome> waiter : waiting) {
                assertThat(waiter.join().payloadJson()).isEqualTo(outcome.payloadJson());
                assertThat(waiter.join().event()).isEqualTo(outcome.event());
            }
            expire();
            long length = recordBytes(key, outcome);
            if (length > maxBytes) {
                assertThat(store.size()).as("a record larger than the ring forgets nothing else").isEqualTo(size());
                return;
            }
            String json = new String(outcome.payloadJson().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            finished.put(key, new Finished(outcome.event(), json, length, clock.millis()));
            largestRecord = Math.max(largestRecord, length);
            forgetWhatTheRingHadNoRoomFor(store.size(), length);
        }

        /** The ring may forget more of the oldest than the byte count says: only when nearly full. */
        private void forgetWhatTheRingHadNoRoomFor(int actualSize, long appended) {
            int extra = size() - actualSize;
            assertThat(extra).as("forgot more than the model").isNotNegative();
            assertThat(finishedBytes() - removedBytes(extra)).as("bytes in the ring").isLessThanOrEqualTo(maxBytes);
            for (int i = 0; i < extra; i++) {
                long forgotten = removeOldestFinished();
                forgottenForRoom++;
                if (i == extra - 1) {
                    long usedWhenForgotten = forgotten + finishedBytes() - appended;
                    assertThat(usedWhenForgotten).as("bytes in the ring when it forgot the last one")
                            .isGreaterThan(maxBytes - 2 * largestRecord);
                }
            }
        }

        void release(String key) {
            List<CompletableFuture<Outcome>> waiting = running.remove(key);
            if (waiting != null) {
                waiting.forEach(Model::assertFailedUnavailable);
            }
        }

        private void expire() {
            long now = clock.millis();
            Iterator<Finished> oldestFirst = finished.values().iterator();
            while (oldestFirst.hasNext()) {
                if (now - oldestFirst.next().completedAt <= WINDOW.toMillis()) {
                    break;
                }
                oldestFirst.remove();
                expired++;
            }
        }

        private long removedBytes(int oldest) {
            return finished.values().stream().limit(oldest).mapToLong(record -> record.length).sum();
        }

        private long removeOldestFinished() {
            Iterator<Finished> oldest = finished.values().iterator();
            long length = oldest.next().length;
            oldest.remove();
            return length;
        }

        /** Every finished key of the model is a hit with its own outcome (hits change nothing). */
        void checkAllFinished(InMemoryIdempotencyStore store) {
            expire();   // as the store does on a claim
            for (Map.Entry<String, Finished> entry : new ArrayList<>(finished.entrySet())) {
                CompletableFuture<Outcome> actual = store.claim(entry.getKey(), FINGERPRINT);
                assertThat(actual).as("finished %s", entry.getKey()).isNotNull();
                assertThat(actual.join().payloadJson()).isEqualTo(entry.getValue().json);
            }
        }

        int size() {
            return finished.size() + running.size();
        }

        long bytes() {
            return finishedBytes() + running.keySet().stream().mapToLong(InMemoryIdempotencyStoreTest::runningBytes).sum();
        }

        private long finishedBytes() {
            return finished.values().stream().mapToLong(record -> record.length).sum();
        }

        private static void assertFailedUnavailable(CompletableFuture<Outcome> waiter) {
            assertThat(waiter).isCompletedExceptionally();
            Throwable failure = waiter.handle((outcome, thrown) -> thrown).join();
            assertThat(failure instanceof CompletionException ? failure.getCause() : failure)
                    .isInstanceOfSatisfying(IntegrationFailure.class,
                            unavailable -> assertThat(unavailable.error().code()).isEqualTo(ErrorCode.UNAVAILABLE));
        }
    }

    private enum Bound { BYTES, KEYS, WINDOW }

    private record Finished(String event, String json, long length, long completedAt) {
    }
}
