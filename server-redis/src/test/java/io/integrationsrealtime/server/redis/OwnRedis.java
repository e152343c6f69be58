package io.integrationsrealtime.server.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A {@code redis-server} (or sentinel) process of the test's own on a free loopback port, never the
 * shared one on 6379: cluster and sentinel tests kill, fail over and reshard them. Without
 * persistence. Where the binaries are missing the test skips with a message, or fails with
 * REDIS_REQUIRED=1 (.ci/run installs them).
 */
final class OwnRedis implements AutoCloseable {

    final int port;
    final Path dir;
    private final List<String> args;
    private Process process;

    private OwnRedis(int port, Path dir, List<String> args) {
        this.port = port;
        this.dir = dir;
        this.args = args;
    }

    /** A redis-server with {@code extra} options (e.g. {@code --cluster-enabled yes}), answering PING. */
    static OwnRedis server(String... extra) throws IOException {
        int port = freePort();
        Path dir = Files.createTempDirectory("own-redis");
        List<String> args = new ArrayList<>(List.of(binary("redis-server"), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--daemonize", "no", "--loglevel", "warning"));
        args.addAll(List.of(extra));
        OwnRedis redis = new OwnRedis(port, dir, args);
        redis.start();
        return redis;
    }

    /** A sentinel watching the master at {@code masterPort} as {@code name}, with a quorum of 2. */
    static OwnRedis sentinel(String name, int masterPort) throws IOException {
        int port = freePort();
        Path dir = Files.createTempDirectory("own-sentinel");
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "dir " + dir,
                "sentinel monitor " + name + " 127.0.0.1 " + masterPort + " 2",
                "sentinel down-after-milliseconds " + name + " 1000",
                "sentinel failover-timeout " + name + " 4000",
                "sentinel parallel-syncs " + name + " 1", ""), StandardCharsets.UTF_8);
        OwnRedis sentinel = new OwnRedis(port, dir, List.of(binary("redis-server"), conf.toString(), "--sentinel",
                "--loglevel", "warning"));
        sentinel.start();
        return sentinel;
    }

    private void start() throws IOException {
        process = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> "PONG".equals(cliQuiet("PING")) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IOException("redis-server did not start on port " + port + ": " + Files.readString(dir.resolve("redis.log")));
        }
    }

    /** {@code redis://127.0.0.1:<port>} */
    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Runs {@code redis-cli -p <port> args...} and answers its output, trimmed. */
    String cli(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(binary("redis-cli"), "-h", "127.0.0.1", "-p", String.valueOf(port)));
        line.addAll(List.of(command));
        return run(line);
    }

    /** {@link #cli} answering null on any failure (for polling). */
    String cliQuiet(String... command) {
        try {
            return cli(command);
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Kills the process as a crash would (SIGKILL). */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    static String run(List<String> line) throws IOException, InterruptedException {
        Process cli = new ProcessBuilder(line).redirectErrorStream(true).start();
        byte[] out = cli.getInputStream().readAllBytes();
        if (!cli.waitFor(60, TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            throw new IOException("timed out: " + line);
        }
        return new String(out, StandardCharsets.UTF_8).trim();
    }

    static String binary(String name) {
        String path = System.getenv("PATH");
        for (String entry : (path == null ? "" : path).split(File.pathSeparator)) {
            File candidate = new File(entry, name);
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        File sbin = new File("/usr/sbin/" + name);
        if (sbin.canExecute()) {
            return sbin.getAbsolutePath();
        }
        String message = name + " is not on the PATH: the cluster and sentinel tests start their own Redis processes;"
                + " install it (Debian: apt-get install redis-server redis-tools; .ci/run does)";
        if ("1".equals(System.getenv("REDIS_REQUIRED"))) {
            fail(message);
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
