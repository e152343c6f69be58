package io.integrationsrealtime.micrometer;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.client.IntegrationException;
import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.Limits;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server's meters with a meter registry only (no tracing), moved by a real client. */
class ServerMetersTest {

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private IntegrationsServer server;
    private IntegrationsClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void requestsRefusalsGaugesAndState() throws Exception {
        server = TestAuth.server(new TestBackend()).limits(Limits.DEFAULTS.withRate(1, 3))
                .observer(MicrometerServerObserver.builder(meters).build()).build();
        assertThat(gauge("integrations.realtime.server.state", "starting")).isEqualTo(1);
        server.start();
        client = IntegrationsClient.builder().serverUrl("http://127.0.0.1:" + server.port()).token(TestAuth.TOKEN)
                .observer(MicrometerClientObserver.builder(meters).build()).build();
        client.connect().get(10, TimeUnit.SECONDS);
        var tweets = client.integration(PROJECT, TWEETS);

        tweets.join().get(10, TimeUnit.SECONDS);
        tweets.execute("getUserTweets", Map.of(), null).get(10, TimeUnit.SECONDS);
        tweets.test().get(10, TimeUnit.SECONDS);
        CompletableFuture<?> limited = tweets.status();   // the fourth request within a second: over the burst of 3
        server.publishWebhook(TestBackend.TWEETS_REF, "stripe.invoice.paid", Map.of());

        assertThat(rateLimited(limited)).isTrue();
        assertThat(gauge("integrations.realtime.server.state", "serving")).isEqualTo(1);
        assertThat(gauge("integrations.realtime.server.state", "starting")).isZero();
        assertThat(meters.get("integrations.realtime.server.connections").gauge().value()).isEqualTo(1);
        assertThat(meters.get("integrations.realtime.server.room.memberships").gauge().value()).isEqualTo(1);
        assertThat(meters.get("integrations.realtime.server.backplane.available").gauge().value()).isEqualTo(1);
        await().untilAsserted(() -> {
            assertThat(timerCount("integrations.realtime.server.requests", "integration:join", "OK")).isEqualTo(1);
            assertThat(timerCount("integrations.realtime.server.requests", "integration:execute", "OK")).isEqualTo(1);
            assertThat(timerCount("integrations.realtime.server.requests", "integration:status", "RATE_LIMITED")).isEqualTo(1);
            assertThat(meters.get("integrations.realtime.server.refusals").tag("reason", "rate_limited").counter().count())
                    .isEqualTo(1);
            assertThat(meters.get("integrations.realtime.server.runs").tag("kind", "test").tag("outcome", "OK")
                    .timer().count()).isEqualTo(1);
            assertThat(meters.get("integrations.realtime.server.webhooks").tag("outcome", "OK").counter().count())
                    .isEqualTo(1);
            assertThat(timerCount("integrations.realtime.client.requests", "integration:status", "RATE_LIMITED"))
                    .isEqualTo(1);
        });
        assertThat(meters.get("integrations.realtime.server.backend").tag("kind", "execute").timer().count()).isEqualTo(1);

        server.shutdown(Duration.ofSeconds(5));
        assertThat(gauge("integrations.realtime.server.state", "stopped")).isEqualTo(1);
    }

    @Test
    void versionOfMicrometerTheseTestsRunOn() {
        String expected = System.getProperty("micrometer.expected.version");
        String running = MeterRegistry.class.getPackage().getImplementationVersion();
        assertThat(running).isNotNull();
        if (expected != null) {
            assertThat(running).isEqualTo(expected);
        } else {
            assertThat(running).startsWith("1.16.");
        }
    }

    private double gauge(String name, String state) {
        return meters.get(name).tag("state", state).gauge().value();
    }

    private long timerCount(String name, String event, String outcome) {
        return meters.get(name).tag("event", event).tag("outcome", outcome).timer().count();
    }

    private static boolean rateLimited(CompletableFuture<?> request) throws InterruptedException {
        try {
            request.get(10, TimeUnit.SECONDS);
            return false;
        } catch (ExecutionException e) {
            return e.getCause() instanceof IntegrationException failure
                    && failure.code() == io.integrationsrealtime.protocol.ErrorCode.RATE_LIMITED;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }
}
