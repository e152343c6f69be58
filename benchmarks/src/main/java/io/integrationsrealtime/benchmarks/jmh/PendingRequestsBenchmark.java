package io.integrationsrealtime.benchmarks.jmh;

import io.integrationsrealtime.client.internal.AckOutcome;
import io.integrationsrealtime.client.internal.DaemonThreads;
import io.integrationsrealtime.client.internal.PendingRequests;
import io.integrationsrealtime.protocol.ErrorCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * client-sdk's request correlation: register a request (map entry, timeout on the client's timer
 * thread), then its ack completes it (entry removed, timeout cancelled, future completed). The
 * callback executor runs completions inline here, so only correlation is measured, not the hop.
 * {@code inFlight} requests are already pending, as under load.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PendingRequestsBenchmark {

    @Param({"1", "1000"})
    public int inFlight;

    private ScheduledExecutorService timer;
    private PendingRequests pending;
    private String[] ids;
    private int next;

    @Setup
    public void setUp() {
        timer = DaemonThreads.timerThread();
        pending = new PendingRequests(timer, Runnable::run);
        ids = new String[1 << 16];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "c-3fa91c0d2b7e-" + i;
        }
        for (int i = 0; i < inFlight - 1; i++) {
            pending.register("background-" + i, "integration:execute", Duration.ofSeconds(120), ErrorCode.TIMEOUT);
        }
    }

    @TearDown
    public void tearDown() {
        timer.shutdownNow();
    }

    @Benchmark
    public CompletableFuture<Object> registerAndComplete() {
        String id = ids[next++ & (ids.length - 1)];
        CompletableFuture<Object> outcome = pending.register(id, "integration:execute", Duration.ofSeconds(120), ErrorCode.TIMEOUT);
        pending.settle(id, new AckOutcome.Success<>(id));
        return outcome;
    }
}
