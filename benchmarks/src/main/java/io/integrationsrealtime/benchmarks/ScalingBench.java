package io.integrationsrealtime.benchmarks;

import io.integrationsrealtime.client.Integration;
import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.Limits;
import io.integrationsrealtime.server.redis.RedisBackplane;
import io.integrationsrealtime.server.spi.IntegrationRef;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The scaling scenario (benchmarks/run.sh scaling; docs/scaling.md): N server nodes in this JVM, each
 * with its own RedisBackplane and Lettuce threads (named {@code n<i>-...}, so each node's CPU is the
 * CPU time of its threads), on a Redis of the scenario's own (one instance, or a cluster of three
 * masters). 1,000 rooms, room r served by node r mod N (one SDK client per node joins its rooms).
 * Events are published at a fixed rate by one more node that serves no room (its own Lettuce
 * threads), so every delivery crosses nodes and the serving nodes' Lettuce threads do only the
 * receiving side: reading messages, parsing them, ordering them per room and handing them to the
 * room's sockets. Measured per configuration: the events each serving node received from Redis,
 * its Lettuce threads' CPU per event delivered to its sockets, the whole process's CPU per
 * delivered event, and publish-to-client latency. Configurations: 2 and 4 nodes, the
 * single events channel ({@code roomChannels(false)}, as before) and room channels.
 *
 * <pre>java -cp target/classes:target/lib/* io.integrationsrealtime.benchmarks.ScalingBench
 *     [--quick] [--out DIR] [--topology single|cluster|both]</pre>
 */
public final class ScalingBench {

    private static final String PROJECT = "6958511e8397f2dfa88090d8";
    private static final int ROOMS = 1000;

    private final int rate;
    private final Duration warmUp;
    private final Duration measured;

    private ScalingBench(boolean quick) {
        rate = 2000;
        warmUp = Duration.ofSeconds(quick ? 2 : 4);
        measured = Duration.ofSeconds(quick ? 5 : 15);
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path out = Path.of("target/results");
        String topology = "both";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--topology" -> topology = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(out);
        Path table = out.resolve("scaling.md");
        ScalingBench bench = new ScalingBench(quick);
        String header = "| Redis | nodes | channels | events | received per node (of all) | node Lettuce CPU per delivered event | "
                + "process CPU per delivered event | p50 | p99 | max |\n|---|---|---|---|---|---|---|---|---|---|\n";
        // Warms the JIT (one throw-away configuration) so that the first measured row is not the coldest.
        boolean warmed = false;
        Files.writeString(table, header);
        System.out.print(header);
        for (String kind : List.of("single", "cluster")) {
            if (!topology.equals("both") && !topology.equals(kind)) {
                continue;
            }
            try (BenchRedis redis = BenchRedis.start(kind.equals("cluster"))) {
                if (!warmed) {
                    bench.run(kind, redis.url(), 2, true);
                    warmed = true;
                }
                for (int nodes : List.of(2, 4)) {
                    for (boolean roomChannels : List.of(false, true)) {
                        String row = bench.run(kind, redis.url(), nodes, roomChannels);
                        System.out.print(row);
                        Files.writeString(table, row, StandardOpenOption.APPEND);
                    }
                }
            }
        }
        System.out.println("results: " + table);
        System.exit(0);
    }

    private String run(String kind, String url, int count, boolean roomChannels) throws Exception {
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        List<Node> nodes = new ArrayList<>();
        Recorder latency = new Recorder(3);
        Node source = null;
        try {
            for (int i = 0; i < count; i++) {
                nodes.add(new Node("n" + i, url, prefix, roomChannels, latency));
            }
            source = new Node("pub", url, prefix, roomChannels, latency);
            Node publishing = source;
            for (int room = 0; room < ROOMS; room++) {
                nodes.get(room % count).join(room);
            }
            ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
            AtomicLong published = new AtomicLong();
            LongAdder failed = new LongAdder();
            int perTick = Math.max(1, rate / 1000);
            publisher.scheduleAtFixedRate(() -> {
                for (int n = 0; n < perTick; n++) {
                    long k = published.getAndIncrement();
                    int room = (int) (k % ROOMS);
                    publishing.server.publishUsageAsync(ref(room), Map.of("t", System.nanoTime()))
                            .exceptionally(failure -> {
                                failed.increment();
                                return null;
                            });
                }
            }, 0, 1, TimeUnit.MILLISECONDS);
            Thread.sleep(warmUp.toMillis());   // the scenario's clock, not a synchronisation
            long[] receivedBefore = nodes.stream().mapToLong(node -> node.backplane.roomEventsReceived()).toArray();
            long[] cpuBefore = nodes.stream().mapToLong(Node::cpuNanos).toArray();
            long deliveredBefore = nodes.stream().mapToLong(node -> node.delivered.sum()).sum();
            long processBefore = processCpuNanos();
            long publishedBefore = published.get();
            latency.reset();
            Thread.sleep(measured.toMillis());
            publisher.shutdown();
            publisher.awaitTermination(5, TimeUnit.SECONDS);
            long total = published.get();
            // Until what was published has arrived (bounded): the measured window's work is then all counted.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (nodes.stream().mapToLong(node -> node.delivered.sum()).sum() + failed.sum() < total
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Histogram histogram = latency.getIntervalHistogram();
            long events = total - publishedBefore;
            long delivered = nodes.stream().mapToLong(node -> node.delivered.sum()).sum() - deliveredBefore;
            long cpu = 0;
            StringBuilder received = new StringBuilder();
            for (int i = 0; i < count; i++) {
                long got = nodes.get(i).backplane.roomEventsReceived() - receivedBefore[i];
                cpu += nodes.get(i).cpuNanos() - cpuBefore[i];
                received.append(i == 0 ? "" : ", ").append(got)
                        .append(String.format(Locale.ROOT, " (%.0f%%)", 100.0 * got / Math.max(1, events)));
            }
            long processCpu = processCpuNanos() - processBefore;
            return String.format(Locale.ROOT, "| %s | %d | %s | %d%s | %s | %.1f us | %.1f us | %.2f ms | %.2f ms | %.2f ms |%n",
                    kind, count, roomChannels ? "per room" : "single", events,
                    failed.sum() > 0 ? " (" + failed.sum() + " failed)" : "", received,
                    cpu / 1000.0 / Math.max(1, delivered), processCpu / 1000.0 / Math.max(1, delivered),
                    histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
                    histogram.getMaxValue() / 1e6);
        } finally {
            if (source != null) {
                nodes.add(source);
            }
            // netty-socketio's stop waits out a quiet period: stop the nodes side by side.
            java.util.concurrent.CompletableFuture.allOf(nodes.stream()
                    .map(node -> java.util.concurrent.CompletableFuture.runAsync(node::close))
                    .toArray(java.util.concurrent.CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
    }

    private static IntegrationRef ref(int room) {
        return new IntegrationRef(PROJECT, String.format(Locale.ROOT, "%024x", room + 1));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** One server node: its Lettuce threads, backplane, server and one client in its rooms. */
    private static final class Node implements AutoCloseable {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        private final String threadPrefix;
        private final ClientResources resources;
        private final RedisBackplane backplane;
        private final IntegrationsServer server;
        private IntegrationsClient client;
        private final Recorder latency;
        /** Events this node's client received. */
        private final LongAdder delivered = new LongAdder();

        Node(String name, String url, String prefix, boolean roomChannels, Recorder latency) throws Exception {
            this.latency = latency;
            threadPrefix = name + "-";
            resources = DefaultClientResources.builder()
                    .threadFactoryProvider(pool -> new DefaultThreadFactory(threadPrefix + pool, true)).build();
            backplane = RedisBackplane.builder(url).keyPrefix(prefix).roomChannels(roomChannels)
                    .clientResources(resources).connect();
            server = IntegrationsServer.builder(new FixedResultBackend(true))
                    .allowAnonymous()
                    .limits(Limits.DEFAULTS.withMaxRooms(ROOMS).withRate(1_000_000_000, 1_000_000_000).withMaxInFlight(1_000_000))
                    .hostname("127.0.0.1")
                    .port(0)
                    .roomEventBus(backplane.eventBus())
                    .idempotencyStore(backplane.idempotencyStore())
                    .build()
                    .start();
        }

        void join(int room) throws Exception {
            if (client == null) {
                client = IntegrationsClient.builder().serverUrl("http://127.0.0.1:" + server.port()).token("bench")
                        .reconnection(false).callbackExecutor(Runnable::run).build();
                client.connect().get(10, TimeUnit.SECONDS);
            }
            Integration integration = client.integration(PROJECT, ref(room).integrationId());
            integration.onUsage(update -> {
                delivered.increment();
                Object sent = update.usage().get("t");
                if (sent instanceof Number at) {
                    latency.recordValue(Math.max(0, System.nanoTime() - at.longValue()));
                }
            });
            integration.join().get(10, TimeUnit.SECONDS);
        }

        long cpuNanos() {
            long sum = 0;
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().startsWith(threadPrefix)) {
                    long cpu = THREADS.getThreadCpuTime(thread.getId());
                    sum += Math.max(0, cpu);
                }
            }
            return sum;
        }

        @Override
        public void close() {
            if (client != null) {
                client.close();
            }
            server.close();
            backplane.close();
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
