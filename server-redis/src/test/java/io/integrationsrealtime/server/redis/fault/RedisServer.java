package io.integrationsrealtime.server.redis.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * A {@code redis-server} of the test's own on a free loopback port, which the test may stop and
 * start again: never the shared one on 6379. Without persistence, as in CI, so a restart loses
 * everything. Where no {@code redis-server} is on the PATH the test skips with a message, or
 * fails with REDIS_REQUIRED=1 (.ci/run installs it).
 */
final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path dir;
    private Process process;

    private RedisServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Starts one, or skips (fails in CI) when the binary is missing. */
    static RedisServer start() throws IOException {
        String binary = findOnPath("redis-server");
        if (binary == null) {
            String message = "redis-server is not on the PATH: the fault suite starts and restarts its own Redis;"
                    + " install it (Debian: apt-get install redis-server; .ci/run does)";
            if ("1".equals(System.getenv("REDIS_REQUIRED"))) {
                fail(message);
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort(message);
        }
        RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("fault-redis"));
        server.startAgain();
        return server;
    }

    /** {@code redis://127.0.0.1:<port>} */
    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again, on the same port) and waits until it answers PING. */
    void startAgain() throws IOException {
        process = new ProcessBuilder(List.of(findOnPath("redis-server"), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--daemonize", "no", "--loglevel", "warning"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> answers() || !process.isAlive());
        } catch (ConditionTimeoutException e) {
            throw new IOException("redis-server did not answer on port " + port, e);
        }
        if (!process.isAlive()) {
            throw new IOException("redis-server did not start on port " + port + ": " + Files.readString(dir.resolve("redis.log")));
        }
    }

    /** Stops it as a restart would (SIGTERM) and waits until it is gone. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Whether it answers PING now (a short connection of its own, 200 ms at most). */
    boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            socket.setSoTimeout(200);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[5];
            int read = in.read(reply);
            return read == 5 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static String findOnPath(String name) {
        String path = System.getenv("PATH");
        for (String entry : (path == null ? "" : path).split(File.pathSeparator)) {
            File candidate = new File(entry, name);
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        File sbin = new File("/usr/sbin/" + name);   // not on every user's PATH
        return sbin.canExecute() ? sbin.getAbsolutePath() : null;
    }
}
