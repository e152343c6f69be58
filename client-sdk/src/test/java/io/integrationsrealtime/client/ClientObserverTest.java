package io.integrationsrealtime.client;

import static io.integrationsrealtime.server.TestBackend.PAYMENTS;
import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.IntegrationStatus;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import io.integrationsrealtime.server.spi.EndpointCall;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.integrationsrealtime.server.spi.IntegrationRef;
import io.integrationsrealtime.server.store.InMemoryReplayLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What a {@link ClientObserver} is told, and the trace context it gives reaching the host, over real sockets. */
@Tag("android")
class ClientObserverTest {

    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private final TestClients clients = new TestClients();
    private final Recorder recorder = new Recorder();
    private final List<EndpointCall> calls = new CopyOnWriteArrayList<>();
    private IntegrationsServer server;

    @AfterEach
    void cleanUp() {
        clients.close();
        if (server != null) {
            server.close();
        }
    }

    private IntegrationsServer startOn(int port, InMemoryReplayLog log) {
        TestBackend delegate = new TestBackend();
        IntegrationBackend recording = new IntegrationBackend() {
            @Override
            public CompletionStage<Boolean> exists(IntegrationRef integration) {
                return delegate.exists(integration);
            }

            @Override
            public CompletionStage<Map<String, Object>> execute(EndpointCall call) {
                calls.add(call);
                return delegate.execute(call);
            }

            @Override
            public CompletionStage<Map<String, Object>> healthCheck(IntegrationRef integration) {
                return delegate.healthCheck(integration);
            }

            @Override
            public CompletionStage<IntegrationStatus> status(IntegrationRef integration) {
                return delegate.status(integration);
            }
        };
        return TestAuth.server(recording).port(port).replayLog(log)
                .configure(config -> config.getSocketConfig().setReuseAddress(true)).build().start();
    }

    @Test
    void requests_areToldWithTheirOutcome_andTheTraceContextReachesTheHost() throws Exception {
        server = startOn(0, new InMemoryReplayLog());
        IntegrationsClient client = clients.client("http://127.0.0.1:" + server.port(), b -> b.observer(recorder));
        client.connect().get(10, TimeUnit.SECONDS);
        Integration tweets = client.integration(PROJECT, TWEETS);

        tweets.execute("getUserTweets", Map.of("userId", "1"), null).get(10, TimeUnit.SECONDS);
        TestClients.failure(tweets.execute("upstreamDown", null, null));
        tweets.status().get(10, TimeUnit.SECONDS);
        TestClients.failure(tweets.execute("bad endpoint!", null, null));

        await().untilAsserted(() -> assertThat(recorder.log).containsSubsequence(
                "started integration:execute getUserTweets", "ended OK",
                "started integration:execute upstreamDown", "ended UPSTREAM_ERROR",
                "started integration:status null", "ended OK",
                "started integration:execute bad endpoint!", "ended INVALID_REQUEST"));
        assertThat(recorder.log).contains("state CONNECTED false");
        assertThat(calls.get(0).traceHeaders()).isEqualTo(Map.of("traceparent", TRACEPARENT, "tracestate", "k=v"));
    }

    @Test
    void reconnectAndGap_areTold() throws Exception {
        int port = freePort();
        InMemoryReplayLog log = new InMemoryReplayLog(3, Duration.ofMinutes(1), Clock.systemUTC());
        server = startOn(port, log);
        IntegrationsClient client = clients.client("http://127.0.0.1:" + port, b -> b.observer(recorder));
        client.connect().get(10, TimeUnit.SECONDS);
        client.integration(PROJECT, PAYMENTS).subscribeWebhooks(webhook -> { }).get(5, TimeUnit.SECONDS);

        server.close();
        server = startOn(port, log);
        for (int n = 0; n < 10; n++) {   // more than the log keeps
            server.publishWebhook(TestBackend.PAYMENTS_REF, "stripe.invoice.paid", Map.of("n", n));
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(recorder.log)
                .contains("state RECONNECTING false", "state CONNECTED true", "gap integration:webhook:subscribe"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Records what it is told as lines; gives executes a fixed trace context. */
    private static final class Recorder implements ClientObserver {
        final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        public RequestObservation requestStarted(String event, String endpoint) {
            log.add("started " + event + " " + endpoint);
            return new RequestObservation() {
                @Override
                public String traceparent() {
                    return TRACEPARENT;
                }

                @Override
                public String tracestate() {
                    return "k=v";
                }

                @Override
                public void ended(ErrorCode error) {
                    log.add("ended " + (error == null ? "OK" : error));
                }
            };
        }

        @Override
        public void connectionStateChanged(ConnectionState state, boolean reconnected) {
            log.add("state " + state + " " + reconnected);
        }

        @Override
        public void gapDetected(String event) {
            log.add("gap " + event);
        }
    }
}
