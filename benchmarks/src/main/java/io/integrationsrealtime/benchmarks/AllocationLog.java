package io.integrationsrealtime.benchmarks;

import java.io.FileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * For A/B runs on a busy machine: every 250 ms appends {@code <epoch ms> <bytes allocated by live
 * threads> <GC count> <GC ms>} to a file, so allocation per round trip and GC time can be read
 * for a load generator's measured window. Allocation per round trip hardly depends on how much
 * CPU other processes take, unlike CPU time per round trip.
 */
final class AllocationLog {

    private AllocationLog() {
    }

    /** Starts logging to the file named by the system property {@code bench.allocLog}, if set. */
    static void startIfAsked() {
        String path = System.getProperty("bench.allocLog");
        if (path == null) {
            return;
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Thread logger = new Thread(() -> {
            try (PrintWriter out = new PrintWriter(new FileWriter(path), true)) {
                while (!Thread.currentThread().isInterrupted()) {
                    long allocated = 0;
                    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
                        allocated += Math.max(0, bytes);
                    }
                    long gcCount = 0;
                    long gcMillis = 0;
                    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                        gcCount += gc.getCollectionCount();
                        gcMillis += gc.getCollectionTime();
                    }
                    out.println(System.currentTimeMillis() + " " + allocated + " " + gcCount + " " + gcMillis);
                    Thread.sleep(250);
                }
            } catch (IOException | InterruptedException e) {
                // the benchmark run is over
            }
        }, "allocation-log");
        logger.setDaemon(true);
        logger.start();
    }
}
