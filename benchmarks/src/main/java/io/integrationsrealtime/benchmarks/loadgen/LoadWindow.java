package io.integrationsrealtime.benchmarks.loadgen;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one run counts, shared by all connections and written from any client thread: a latency
 * recorder (HdrHistogram, microseconds, 3 significant digits, as loadgen.mjs), round trips and
 * errors while measuring, and the requests still outstanding.
 */
final class LoadWindow {

    private final Recorder latencyUs = new Recorder(1, 60_000_000, 3);
    private final LongAdder errors = new LongAdder();
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile boolean measuring;
    private volatile boolean stopped;

    void sent() {
        outstanding.incrementAndGet();
    }

    /** An ack arrived for a request sent at {@code sentNanos} (System.nanoTime). */
    void answered(long sentNanos, boolean error) {
        outstanding.decrementAndGet();
        // Recorded always; startMeasuring() and stopMeasuring() cut the interval.
        latencyUs.recordValue(Math.max(1, Math.round((System.nanoTime() - sentNanos) / 1000.0)));
        if (error && measuring) {
            errors.increment();
        }
    }

    void startMeasuring() {
        latencyUs.getIntervalHistogram();  // drops the warm-up
        errors.reset();
        measuring = true;
    }

    /** Ends the measured window: the latencies recorded since startMeasuring(). */
    Histogram stopMeasuring() {
        measuring = false;
        return latencyUs.getIntervalHistogram();
    }

    void stop() {
        stopped = true;
    }

    boolean stopped() {
        return stopped;
    }

    long errors() {
        return errors.sum();
    }

    int outstanding() {
        return outstanding.get();
    }
}
