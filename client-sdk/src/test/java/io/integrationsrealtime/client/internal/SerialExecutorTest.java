package io.integrationsrealtime.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void tasksOnAMultiThreadedPoolRunOneAtATimeInSubmissionOrder() throws Exception {
        SerialExecutor serial = new SerialExecutor(pool);
        int tasks = 20_000;
        List<Integer> order = new ArrayList<>();  // not thread-safe on purpose: serial access only
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(tasks);

        for (int i = 0; i < tasks; i++) {
            int index = i;
            serial.execute(() -> {
                if (running.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                order.add(index);
                running.decrementAndGet();
                done.countDown();
            });
        }

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(overlaps).hasValue(0);
        assertThat(order).hasSize(tasks);
        for (int i = 0; i < tasks; i++) {
            assertThat(order.get(i)).isEqualTo(i);
        }
    }

    @Test
    void tasksFromManyThreadsNeverOverlapAndKeepEachSubmittersOrder() throws Exception {
        SerialExecutor serial = new SerialExecutor(pool);
        int submitters = 4;
        int perSubmitter = 5_000;
        List<int[]> order = new ArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(submitters * perSubmitter);
        ExecutorService submitting = Executors.newFixedThreadPool(submitters);
        try {
            for (int s = 0; s < submitters; s++) {
                int submitter = s;
                submitting.execute(() -> {
                    for (int i = 0; i < perSubmitter; i++) {
                        int index = i;
                        serial.execute(() -> {
                            if (running.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            order.add(new int[] {submitter, index});
                            running.decrementAndGet();
                            done.countDown();
                        });
                    }
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            submitting.shutdownNow();
        }

        assertThat(overlaps).hasValue(0);
        int[] next = new int[submitters];
        for (int[] entry : order) {
            assertThat(entry[1]).isEqualTo(next[entry[0]]);
            next[entry[0]]++;
        }
    }

    @Test
    void aThrowingTaskDoesNotStopTheOnesAfterIt() throws Exception {
        SerialExecutor serial = new SerialExecutor(pool);
        CountDownLatch after = new CountDownLatch(1);

        serial.execute(() -> {
            throw new IllegalStateException("callback bug");
        });
        serial.execute(after::countDown);

        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aTaskMaySubmitMoreWorkWithoutDeadlock() throws Exception {
        SerialExecutor serial = new SerialExecutor(Runnable::run);
        List<String> order = new ArrayList<>();

        serial.execute(() -> {
            order.add("outer start");
            serial.execute(() -> order.add("inner"));
            order.add("outer end");
        });

        // Even on a direct executor the nested task waits for the running one.
        assertThat(order).containsExactly("outer start", "outer end", "inner");
    }
}
