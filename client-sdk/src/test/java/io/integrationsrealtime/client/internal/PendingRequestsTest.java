package io.integrationsrealtime.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.integrationsrealtime.client.IntegrationException;
import io.integrationsrealtime.protocol.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {

    private static final Duration LONG = Duration.ofMinutes(5);

    private final ScheduledExecutorService timer = DaemonThreads.timerThread();
    private final ExecutorService callbackThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-callbacks"));
    private final PendingRequests pending = new PendingRequests(timer, new SerialExecutor(callbackThread));

    @AfterEach
    void stop() {
        timer.shutdownNow();
        callbackThread.shutdownNow();
    }

    @Test
    void ackCompletesTheFutureOnTheCallbackExecutor() throws Exception {
        CompletableFuture<String> future = pending.register("r-1", "integration:join", LONG, ErrorCode.ACK_TIMEOUT);
        AtomicReference<String> thread = new AtomicReference<>();
        CompletableFuture<String> dependent = future.thenApply(value -> {
            thread.set(Thread.currentThread().getName());
            return value;
        });

        assertThat(pending.settle("r-1", success("joined"))).isTrue();

        assertThat(dependent.get(5, TimeUnit.SECONDS)).isEqualTo("joined");
        assertThat(thread.get()).isEqualTo("test-callbacks");
        assertThat(pending.size()).isZero();
    }

    @Test
    void timeoutFailsWithTheGivenCodeAndALateAckIsIgnored() {
        CompletableFuture<String> future = pending.register("r-2", "integration:status", Duration.ofMillis(50), ErrorCode.ACK_TIMEOUT);

        IntegrationException error = failureOf(future);

        assertThat(error.code()).isEqualTo(ErrorCode.ACK_TIMEOUT);
        assertThat(error.requestId()).isEqualTo("r-2");
        assertThat(error.getMessage()).contains("integration:status");
        assertThat(pending.settle("r-2", success("too late"))).isFalse();
        assertThat(pending.size()).isZero();
    }

    @Test
    void executionTimeoutUsesTimeout() {
        CompletableFuture<String> future = pending.register("r-3", "integration:execute", Duration.ofMillis(20), ErrorCode.TIMEOUT);

        assertThat(failureOf(future).code()).isEqualTo(ErrorCode.TIMEOUT);
    }

    @Test
    void failAllFailsEveryPendingRequestWithDisconnected() {
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(pending.register("r-" + i, "integration:execute", LONG, ErrorCode.TIMEOUT));
        }

        pending.failAll(ErrorCode.DISCONNECTED, "connection lost");

        for (int i = 0; i < futures.size(); i++) {
            IntegrationException error = failureOf(futures.get(i));
            assertThat(error.code()).isEqualTo(ErrorCode.DISCONNECTED);
            assertThat(error.requestId()).isEqualTo("r-" + i);
        }
        assertThat(pending.size()).isZero();
    }

    @Test
    void concurrentRequestsEachGetTheirOwnOutcome() throws Exception {
        int requests = 500;
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            futures.add(pending.register("r-" + i, "integration:execute", LONG, ErrorCode.TIMEOUT));
        }
        ExecutorService acks = Executors.newFixedThreadPool(4);
        try {
            for (int i = requests - 1; i >= 0; i--) {  // answered out of order, from several threads
                int index = i;
                acks.execute(() -> pending.settle("r-" + index, success("outcome-" + index)));
            }
            for (int i = 0; i < requests; i++) {
                assertThat(futures.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("outcome-" + i);
            }
        } finally {
            acks.shutdownNow();
        }
        assertThat(pending.size()).isZero();
    }

    @Test
    void ackTimeoutAndDisconnectRacingEndTheRequestExactlyOnce() throws Exception {
        ExecutorService racers = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 300; round++) {
                String id = "race-" + round;
                CompletableFuture<String> future = pending.register(id, "integration:execute", Duration.ofMillis(1), ErrorCode.TIMEOUT);
                AtomicInteger winners = new AtomicInteger();
                CyclicBarrier start = new CyclicBarrier(2);
                CountDownLatch finished = new CountDownLatch(2);
                racers.execute(() -> {
                    awaitQuietly(start);
                    if (pending.settle(id, success("ack"))) {
                        winners.incrementAndGet();
                    }
                    finished.countDown();
                });
                racers.execute(() -> {
                    awaitQuietly(start);
                    if (pending.fail(id, () -> new IntegrationException(ErrorCode.DISCONNECTED, "lost", id))) {
                        winners.incrementAndGet();
                    }
                    finished.countDown();
                });
                assertThat(finished.await(5, TimeUnit.SECONDS)).isTrue();
                try {
                    future.get(5, TimeUnit.SECONDS);
                } catch (ExecutionException expectedForTimeoutOrDisconnect) {
                    // checked below
                }

                // The timer may also have won; then neither racer did.
                assertThat(winners.get()).isLessThanOrEqualTo(1);
                if (winners.get() == 0) {
                    assertThat(failureOf(future).code()).isEqualTo(ErrorCode.TIMEOUT);
                }
            }
        } finally {
            racers.shutdownNow();
        }
        assertThat(pending.size()).isZero();
    }

    @Test
    void eachRequestTimesOutAtItsOwnDeadline_whateverTheOrderOfRegistration() {
        // One timer task serves all deadlines: a shorter timeout registered after a longer one
        // must move it earlier, and requests answered meanwhile must not disturb it.
        CompletableFuture<String> slow = pending.register("slow", "integration:execute", Duration.ofSeconds(30), ErrorCode.TIMEOUT);
        CompletableFuture<String> answered = pending.register("answered", "integration:execute", Duration.ofMillis(60), ErrorCode.TIMEOUT);
        long start = System.nanoTime();
        CompletableFuture<String> fast = pending.register("fast", "integration:status", Duration.ofMillis(80), ErrorCode.ACK_TIMEOUT);
        assertThat(pending.settle("answered", success("ok"))).isTrue();

        IntegrationException error = failureOf(fast);  // within 5 s, not after slow's 30 s

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(80));
        assertThat(error.code()).isEqualTo(ErrorCode.ACK_TIMEOUT);
        assertThat(error.getMessage()).contains("integration:status").contains("80 ms");
        assertThat(answered).isCompletedWithValue("ok");
        assertThat(slow).isNotDone();
        // The check after the first expiry still serves the rest, and new short ones.
        CompletableFuture<String> later = pending.register("later", "integration:join", Duration.ofMillis(20), ErrorCode.ACK_TIMEOUT);
        assertThat(failureOf(later).code()).isEqualTo(ErrorCode.ACK_TIMEOUT);
        assertThat(slow).isNotDone();
        assertThat(pending.size()).isEqualTo(1);
    }

    @Test
    void cancellingTheFutureForgetsTheRequest() {
        CompletableFuture<String> future = pending.register("r-c", "integration:execute", LONG, ErrorCode.TIMEOUT);

        future.cancel(false);

        assertThat(pending.size()).isZero();
        assertThat(pending.settle("r-c", success("late"))).isFalse();
    }

    @Test
    void aRequestIdAlreadyInFlightIsRefused() {
        pending.register("dup", "integration:execute", LONG, ErrorCode.TIMEOUT);

        assertThatThrownBy(() -> pending.register("dup", "integration:execute", LONG, ErrorCode.TIMEOUT))
                .isInstanceOf(IllegalStateException.class);
        assertThat(pending.size()).isEqualTo(1);
    }

    @Test
    void registeringAfterTheTimerStoppedFailsWithDisconnected() {
        timer.shutdownNow();

        CompletableFuture<String> future = pending.register("r-x", "integration:join", LONG, ErrorCode.ACK_TIMEOUT);

        assertThat(failureOf(future).code()).isEqualTo(ErrorCode.DISCONNECTED);
        assertThat(pending.size()).isZero();
    }

    @Test
    void anAckByItsAckIdSettlesTheRequestOnce_successOrFailure() throws Exception {
        CompletableFuture<Map<String, Object>> ok = pending.register("r-a", "integration:status", LONG, ErrorCode.ACK_TIMEOUT);
        CompletableFuture<Map<String, Object>> refused = pending.register("r-b", "integration:status", LONG, ErrorCode.ACK_TIMEOUT);
        assertThat(pending.attachAck("r-a", 1 << 30, Map.class)).isTrue();
        assertThat(pending.attachAck("r-b", (1 << 30) + 1, Map.class)).isTrue();

        assertThat(pending.settleAck(1 << 30, new Object[] {Trees.tree("{\"value\":\"v\"}")})).isTrue();
        assertThat(pending.settleAck((1 << 30) + 1,
                new Object[] {Trees.tree("{\"error\":{\"code\":\"FORBIDDEN\",\"message\":\"no\"}}")})).isTrue();

        assertThat(ok.get(5, TimeUnit.SECONDS)).containsEntry("value", (Object) "v");
        IntegrationException error = failureOf(refused);
        assertThat(error.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(error.requestId()).isEqualTo("r-b");
        // A second ack with the same id, or an id never sent, is not the SDK's to take.
        assertThat(pending.settleAck(1 << 30, new Object[] {Trees.tree("{}")})).isFalse();
        assertThat(pending.settleAck(7, new Object[] {Trees.tree("{}")})).isFalse();
        assertThat(pending.size()).isZero();
    }

    @Test
    void anAckIdLeavesWithItsRequest_timeoutDisconnectOrCancel() {
        CompletableFuture<Object> timedOut = pending.register("r-t", "integration:status", Duration.ofMillis(30), ErrorCode.ACK_TIMEOUT);
        CompletableFuture<Object> dropped = pending.register("r-d", "integration:status", LONG, ErrorCode.ACK_TIMEOUT);
        CompletableFuture<Object> cancelled = pending.register("r-c", "integration:status", LONG, ErrorCode.ACK_TIMEOUT);
        assertThat(pending.attachAck("r-t", 1, Object.class)).isTrue();
        assertThat(pending.attachAck("r-d", 2, Object.class)).isTrue();
        assertThat(pending.attachAck("r-c", 3, Object.class)).isTrue();

        assertThat(failureOf(timedOut).code()).isEqualTo(ErrorCode.ACK_TIMEOUT);
        pending.failAll(ErrorCode.DISCONNECTED, "connection lost");
        assertThat(failureOf(dropped).code()).isEqualTo(ErrorCode.DISCONNECTED);
        assertThat(cancelled).isDone();  // failAll took it too; a cancel of an ended future changes nothing

        for (int ackId = 1; ackId <= 3; ackId++) {
            assertThat(pending.settleAck(ackId, new Object[] {Trees.tree("{}")})).as("late ack %s", ackId).isFalse();
        }
        // A request that ended before it was sent gets no ack id at all.
        assertThat(pending.attachAck("r-t", 4, Object.class)).isFalse();
        assertThat(pending.settleAck(4, new Object[] {Trees.tree("{}")})).isFalse();
    }

    @Test
    void aCancelledRequestForgetsItsAckId() {
        CompletableFuture<Object> future = pending.register("r-x", "integration:status", LONG, ErrorCode.ACK_TIMEOUT);
        assertThat(pending.attachAck("r-x", 9, Object.class)).isTrue();

        future.cancel(false);

        assertThat(pending.settleAck(9, new Object[] {Trees.tree("{}")})).isFalse();
        assertThat(pending.size()).isZero();
    }

    private static IntegrationException failureOf(CompletableFuture<?> future) {
        try {
            future.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IntegrationException.class);
            return (IntegrationException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not fail in time", e);
        }
        throw new AssertionError("future succeeded");
    }

    private static void awaitQuietly(CyclicBarrier barrier) {
        try {
            barrier.await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> AckOutcome<T> success(T value) {
        return new AckOutcome.Success<>(value);
    }
}
