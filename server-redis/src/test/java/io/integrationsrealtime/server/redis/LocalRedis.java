package io.integrationsrealtime.server.redis;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis these tests use: 127.0.0.1:6379 (.ci/run starts one). Where none answers, tests skip
 * with a visible message, unless REDIS_REQUIRED=1 (CI), where they fail. Every test run writes
 * under its own key prefix, so runs and tests never see each other's keys.
 */
final class LocalRedis {

    static final int PORT = 6379;
    static final String URL = "redis://127.0.0.1:" + PORT;

    private LocalRedis() {
    }

    /** Skips (or, with REDIS_REQUIRED=1, fails) the calling test when no Redis answers PING. */
    static void assumeAvailable() {
        String problem = ping();
        if (problem == null) {
            return;
        }
        String message = "Redis is not reachable on 127.0.0.1:" + PORT + " (" + problem + "): the server-redis tests need one;"
                + " start it with `redis-server --port 6379` (.ci/run does)";
        if ("1".equals(System.getenv("REDIS_REQUIRED"))) {
            fail(message);
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }

    /** A fresh key prefix for one test. */
    static String uniquePrefix() {
        return "ir-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    /** Runs {@code commands} on a short-lived connection (for checks, not in the nodes' paths). */
    static <T> T with(Function<RedisCommands<String, String>, T> commands) {
        RedisClient client = RedisClient.create(URL);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return commands.apply(connection.sync());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    /** Every key under {@code prefix}. */
    static List<String> keys(RedisCommands<String, String> redis, String prefix) {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    /** Deletes what a test left (everything expires anyway; this keeps a developer's Redis tidy). */
    static void deleteAll(String prefix) {
        if (ping() != null) {
            return;
        }
        with(redis -> {
            List<String> keys = keys(redis, prefix);
            if (!keys.isEmpty()) {
                redis.del(keys.toArray(String[]::new));
            }
            return null;
        });
    }

    /** Null when Redis answers PING within a second, else what went wrong. */
    private static String ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", PORT), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.read(reply);
            String answer = read > 0 ? new String(reply, 0, read, StandardCharsets.US_ASCII) : "";
            return answer.startsWith("+PONG") ? null : "answered " + answer.trim();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
