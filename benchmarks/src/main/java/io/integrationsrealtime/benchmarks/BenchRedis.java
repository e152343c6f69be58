package io.integrationsrealtime.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The scenario's own Redis: one {@code redis-server} or a cluster of three masters built with
 * {@code redis-cli --cluster create}, on free loopback ports, without persistence; killed at the end.
 */
final class BenchRedis implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final boolean cluster;

    private BenchRedis(boolean cluster) {
        this.cluster = cluster;
    }

    static BenchRedis start(boolean cluster) throws IOException, InterruptedException {
        BenchRedis redis = new BenchRedis(cluster);
        try {
            for (int i = 0; i < (cluster ? 3 : 1); i++) {
                redis.server(cluster);
            }
            if (cluster) {
                List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
                redis.ports.forEach(port -> create.add("127.0.0.1:" + port));
                create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
                String out = run(create);
                if (!out.contains("All 16384 slots covered")) {
                    throw new IOException("cluster not created: " + out);
                }
                for (int port : redis.ports) {
                    waitFor(port, "CLUSTER INFO", "cluster_state:ok");
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    private void server(boolean clusterEnabled) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path dir = Files.createTempDirectory("bench-redis");
        List<String> args = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--loglevel", "warning"));
        if (clusterEnabled) {
            args.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"));
        }
        processes.add(new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start());
        ports.add(port);
        waitFor(port, "PING", "PONG");
    }

    private static void waitFor(int port, String command, String expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<String> line = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        line.addAll(List.of(command.split(" ")));
        while (!run(line).contains(expected)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("redis on " + port + " never answered " + expected + " to " + command);
            }
            Thread.sleep(20);   // polling a process we started, not synchronising threads
        }
    }

    private static String run(List<String> line) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /** The URL nodes connect with. */
    String url() {
        if (!cluster) {
            return "redis://127.0.0.1:" + ports.get(0);
        }
        StringBuilder url = new StringBuilder("redis-cluster://");
        for (int i = 0; i < ports.size(); i++) {
            url.append(i == 0 ? "" : ",").append("127.0.0.1:").append(ports.get(i));
        }
        return url.toString();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
