package io.integrationsrealtime.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.TcpProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example application started for real (random ports), checked over real HTTP and a real
 * socket: an execute moves the Prometheus counters, and the health turns DOWN while its Redis
 * backplane is unreachable (the test's own proxy to Redis is cut; the shared Redis stays up).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"integrations.realtime.port=0", "integrations.realtime.redis.command-timeout=1s"})
class ExampleApplicationTest {

    private static final int REDIS_PORT = 6379;
    private static TcpProxy redisLink;
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int webPort;

    @Autowired
    IntegrationsServer server;

    @BeforeAll
    static void linkToRedis() throws IOException {
        String problem = redisProblem();
        if (problem != null) {
            if ("1".equals(System.getenv("REDIS_REQUIRED"))) {
                throw new IllegalStateException("REDIS_REQUIRED=1 but no Redis at 127.0.0.1:" + REDIS_PORT + ": " + problem);
            }
            Assumptions.abort("no Redis at 127.0.0.1:" + REDIS_PORT + " (" + problem + "); set REDIS_REQUIRED=1 to fail instead");
        }
        redisLink = new TcpProxy(REDIS_PORT);
    }

    @AfterAll
    static void closeLink() throws IOException {
        if (redisLink != null) {
            redisLink.close();
        }
    }

    @DynamicPropertySource
    static void redisThroughTheProxy(DynamicPropertyRegistry registry) {
        registry.add("integrations.realtime.redis.url", () -> "redis://127.0.0.1:" + redisLink.port());
        registry.add("integrations.realtime.redis.key-prefix", () -> "ir:example-test:" + System.nanoTime() + ":");
    }

    @Test
    void executeMovesTheMeters_andHealthFollowsTheBackplane() throws Exception {
        assertThat(get("/actuator/health")).contains("\"integrationsRealtime\"").contains("\"status\":\"UP\"");

        try (IntegrationsClient client = IntegrationsClient.builder().serverUrl("http://127.0.0.1:" + server.port())
                .token("example-token").build()) {
            client.connect().get(10, TimeUnit.SECONDS);
            ExecutionCompleted done = client.integration(WeatherBackend.PROJECT, WeatherBackend.WEATHER)
                    .execute("getForecast", Map.of("city", "Porto"), null).get(10, TimeUnit.SECONDS);
            assertThat(done.result().data()).containsEntry("city", "Porto");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = get("/actuator/prometheus");
            assertThat(sample(metrics, "integrations_realtime_server_requests_seconds_count",
                    "event=\"integration:execute\",outcome=\"OK\"")).isEqualTo(1);
            assertThat(sample(metrics, "integrations_realtime_server_runs_seconds_count",
                    "error=\"none\",kind=\"execute\",outcome=\"OK\"")).isEqualTo(1);
            assertThat(metrics).contains("integrations_realtime_server_backplane_available 1");
        });

        redisLink.cut();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get("/actuator/health"))
                .contains("\"status\":\"DOWN\"").contains("\"backplane\":\"unavailable\""));
        assertThat(sample(get("/actuator/prometheus"), "integrations_realtime_server_backplane_outages_total", ""))
                .isEqualTo(1);

        redisLink.restore();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("/actuator/health"))
                .contains("\"backplane\":\"available\"").doesNotContain("\"DOWN\""));
    }

    private String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The value of one Prometheus sample whose labels include {@code labels}, or -1 when absent. */
    private static double sample(String metrics, String name, String labels) {
        Matcher line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(metrics);
        while (line.find()) {
            if (line.group(1) == null ? labels.isEmpty() : line.group(1).contains(labels)) {
                return Double.parseDouble(line.group(2));
            }
        }
        return -1;
    }

    private static String redisProblem() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", REDIS_PORT), 1000);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes());
            byte[] reply = new byte[7];
            int read = socket.getInputStream().read(reply);
            return read > 0 && new String(reply, 0, read).startsWith("+PONG") ? null : "no PONG";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
