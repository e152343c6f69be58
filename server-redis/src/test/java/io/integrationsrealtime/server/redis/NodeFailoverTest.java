package io.integrationsrealtime.server.redis;

import static io.integrationsrealtime.server.TestBackend.PAYMENTS;
import static io.integrationsrealtime.server.TestBackend.PAYMENTS_REF;
import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.client.Integration;
import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.protocol.RoomMembership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node dies while webhooks stream: its clients reconnect to another node and replay what they missed. */
class NodeFailoverTest {

    private TestCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        LocalRedis.assumeAvailable();
        cluster = new TestCluster(3);
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killedNode_itsClientsReconnectToAnotherNode_andEveryClientGetsEveryWebhookOnceInOrder() throws Exception {
        List<List<Integer>> received = new ArrayList<>();
        List<RoomMembership> gaps = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 6; i++) {
            IntegrationsClient client = cluster.client(i % 3);
            client.connect().get(10, TimeUnit.SECONDS);
            List<Integer> numbers = new CopyOnWriteArrayList<>();
            received.add(numbers);
            Integration payments = client.integration(PROJECT, PAYMENTS);
            payments.onGap(gaps::add);
            payments.subscribeWebhooks(webhook -> numbers.add(((Number) webhook.data().get("n")).intValue()))
                    .get(5, TimeUnit.SECONDS);
        }
        publish(1, 1, 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().allMatch(numbers -> numbers.size() == 20));

        cluster.kill(0, 1);               // node 0's clients drop and reconnect through its balancer, to node 1
        publish(2, 21, 40);               // while they are reconnecting
        await().atMost(Duration.ofSeconds(30)).until(() -> received.stream().allMatch(numbers -> numbers.size() >= 40));
        publish(1, 41, 60);               // live again

        List<Integer> expected = IntStream.rangeClosed(1, 60).boxed().toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().allMatch(numbers -> numbers.size() >= 60));
        assertThat(received).allSatisfy(numbers -> assertThat(numbers).containsExactlyElementsOf(expected));
        assertThat(gaps).isEmpty();
    }

    private void publish(int node, int from, int to) {
        for (int n = from; n <= to; n++) {
            cluster.node(node).server.publishWebhook(PAYMENTS_REF, "stripe.invoice.paid", Map.of("n", n));
        }
    }
}
