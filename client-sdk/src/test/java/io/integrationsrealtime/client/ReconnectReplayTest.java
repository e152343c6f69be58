package io.integrationsrealtime.client;

import static io.integrationsrealtime.server.TestBackend.PAYMENTS;
import static io.integrationsrealtime.server.TestBackend.PAYMENTS_REF;
import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.protocol.RoomMembership;
import io.integrationsrealtime.protocol.WebhookReceived;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import io.integrationsrealtime.server.store.InMemoryReplayLog;
import io.integrationsrealtime.server.store.ReplayLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A server restarted while webhooks stream: the client recovers what it missed, or is told of the gap. */
@Tag("android")
class ReconnectReplayTest {

    private final TestClients clients = new TestClients();
    private IntegrationsServer server;

    @AfterEach
    void cleanUp() {
        clients.close();
        if (server != null) {
            server.close();
        }
    }

    private IntegrationsServer startOn(int port, ReplayLog log) {
        return TestAuth.server(new TestBackend()).port(port).replayLog(log)
                .configure(config -> config.getSocketConfig().setReuseAddress(true))
                .build().start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private void publish(int from, int to) {
        for (int n = from; n <= to; n++) {
            server.publishWebhook(PAYMENTS_REF, "stripe.invoice.paid", Map.of("n", n));
        }
    }

    @Test
    void outageInsideTheReplayWindow_everyWebhookArrivesOnceInOrder() throws Exception {
        int port = freePort();
        ReplayLog log = new InMemoryReplayLog();   // shared by both server lives, as a Redis-backed log would be
        server = startOn(port, log);
        IntegrationsClient client = clients.client("http://127.0.0.1:" + port);
        client.connect().get(10, TimeUnit.SECONDS);
        List<Integer> received = new CopyOnWriteArrayList<>();
        List<RoomMembership> gaps = new CopyOnWriteArrayList<>();
        Integration payments = client.integration(PROJECT, PAYMENTS);
        payments.onGap(gaps::add);
        payments.subscribeWebhooks(webhook -> received.add(((Number) webhook.data().get("n")).intValue()))
                .get(5, TimeUnit.SECONDS);

        publish(1, 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 5);
        server.close();                      // the client's connection drops
        server = startOn(port, log);
        publish(6, 10);                      // while the client is still reconnecting
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 10);
        publish(11, 15);                     // live again

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= 15);
        assertThat(received).containsExactlyElementsOf(IntStream.rangeClosed(1, 15).boxed().toList());
        assertThat(gaps).isEmpty();
    }

    @Test
    void outageLongerThanTheReplayWindow_isReportedAsAGap() throws Exception {
        int port = freePort();
        ReplayLog log = new InMemoryReplayLog(3, Duration.ofMinutes(1), Clock.systemUTC());
        server = startOn(port, log);
        IntegrationsClient client = clients.client("http://127.0.0.1:" + port);
        client.connect().get(10, TimeUnit.SECONDS);
        List<WebhookReceived> received = new CopyOnWriteArrayList<>();
        List<RoomMembership> gaps = new CopyOnWriteArrayList<>();
        Integration payments = client.integration(PROJECT, PAYMENTS);
        payments.onGap(gaps::add);
        payments.subscribeWebhooks(received::add).get(5, TimeUnit.SECONDS);
        publish(1, 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);

        server.close();
        server = startOn(port, log);
        publish(3, 10);                      // more than the log keeps

        await().atMost(Duration.ofSeconds(20)).until(() -> !gaps.isEmpty());
        assertThat(gaps.get(0).room()).isEqualTo("integration:" + PAYMENTS + ":webhooks");
        assertThat(gaps.get(0).gap()).isTrue();
        // What the log still had was replayed, in order and once.
        List<Integer> numbers = received.stream().map(w -> ((Number) w.data().get("n")).intValue()).toList();
        assertThat(numbers).startsWith(1, 2).endsWith(8, 9, 10).doesNotHaveDuplicates().isSorted();
    }
}
