package io.integrationsrealtime.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The loopback control channel of a benchmark server: one command per line on stdin, one answer
 * line on stdout (the orchestrator, benchmarks/node/servers.mjs, owns both pipes). stdin is used
 * rather than a socket so that no extra port is opened and the server exits when the orchestrator
 * goes away (end of stdin), even if it was killed without a chance to clean up.
 *
 * <p>Commands: {@code gc} answers {@code GC heapUsed=<bytes> rss=<KiB>} after a full GC;
 * {@code webhook <i>} publishes webhook number i, stamped with {@link #epochMicros()}, through the
 * given publisher and answers {@code PUBLISHED <i>}.
 */
final class ControlChannel {

    /** The one integration every subscriber of the fan-out scenario is in (loadgen.mjs uses the same). */
    static final String INTEGRATION_ID = "64b2c3d4e5f6789012345678";
    /** Its project (clients.mjs and loadgen.mjs use the same). */
    static final String PROJECT_ID = "6958511e8397f2dfa88090d8";

    /** Publishes webhook {@code i}; the payload must carry {@code sentUs} (see {@link #webhookData}). */
    interface WebhookPublisher {
        void publish(long i);
    }

    private ControlChannel() {
    }

    /** Starts the reader thread; it exits the JVM when stdin ends. */
    static void start(WebhookPublisher publisher) {
        Thread reader = new Thread(() -> serve(publisher), "bench-control");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Wall-clock time in microseconds since the epoch (CLOCK_REALTIME through {@link Instant}, which
     * has microsecond resolution on Linux): the clock the subscribers' processes also read, so
     * receive minus send compares one clock.
     */
    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** The webhook body: its number and the time it was handed to the server's publish call. */
    static Map<String, Object> webhookData(long i) {
        return Map.of("i", i, "sentUs", epochMicros());
    }

    private static void serve(WebhookPublisher publisher) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] words = line.trim().split(" ");
                switch (words[0]) {
                    case "gc" -> System.out.println(gc());
                    case "webhook" -> {
                        long i = Long.parseLong(words[1]);
                        publisher.publish(i);
                        System.out.println("PUBLISHED " + i);
                    }
                    default -> System.out.println("UNKNOWN " + line);
                }
                System.out.flush();
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("control channel: " + e);
        }
        Runtime.getRuntime().halt(0);  // stdin closed: the orchestrator is gone
    }

    /** Two full GCs (the second collects what the first finalized), then used heap and RSS. */
    private static String gc() {
        System.gc();
        System.gc();
        long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return "GC heapUsed=" + heapUsed + " rss=" + rssKib();
    }

    private static long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // not Linux: reported as -1
        }
        return -1;
    }
}
