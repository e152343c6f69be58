package io.integrationsrealtime.server.redis;

import static io.integrationsrealtime.server.TestBackend.PAYMENTS;
import static io.integrationsrealtime.server.TestBackend.PAYMENTS_REF;
import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static io.integrationsrealtime.server.TestBackend.TWEETS_REF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.server.RawClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;

/** What both the single-instance and the cluster tests check of room subscriptions. */
final class SubscriptionChecks {

    private SubscriptionChecks() {
    }

    /**
     * Three nodes: node 0 serves the TWEETS room, node 1 PAYMENTS' webhooks, node 2 had a socket in
     * TWEETS that left. Each node receives its rooms' events only; node 2 at most the first event
     * after its socket left (that event finds nobody there and ends the subscription).
     */
    static void aNodeHearsOnlyTheRoomsItServes(TestCluster cluster) throws Exception {
        int events = 30;
        IntegrationsClient tweets = cluster.client(0);
        tweets.connect().get(10, TimeUnit.SECONDS);
        List<Long> usage = new CopyOnWriteArrayList<>();
        tweets.integration(PROJECT, TWEETS).onUsage(update -> usage.add(update.seq()));
        tweets.integration(PROJECT, TWEETS).join().get(5, TimeUnit.SECONDS);
        IntegrationsClient payments = cluster.client(1);
        payments.connect().get(10, TimeUnit.SECONDS);
        List<Long> webhooks = new CopyOnWriteArrayList<>();
        payments.integration(PROJECT, PAYMENTS).subscribeWebhooks(webhook -> webhooks.add(webhook.seq()))
                .get(5, TimeUnit.SECONDS);
        JSONObject ids = new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS);
        try (RawClient visitor = new RawClient(cluster.node(2).server.port(), List.of()).connect()) {
            visitor.requestJson(Events.JOIN, ids);
            assertThat(cluster.node(2).redis.roomsListened()).isEqualTo(1);
            visitor.requestJson(Events.LEAVE, new JSONObject(ids.toString()));
        }
        long[] before = cluster.nodes.stream().mapToLong(node -> node.redis.roomEventsReceived()).toArray();

        for (int n = 0; n < events; n++) {
            cluster.node(n % 3).server.publishUsage(TWEETS_REF, Map.of("n", n));
            cluster.node((n + 1) % 3).server.publishWebhook(PAYMENTS_REF, "stripe.invoice.paid", Map.of("n", n));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> usage.size() >= events && webhooks.size() >= events);
        // Published last, heard by node 0 only: once it is in, node 0's count is complete.
        cluster.node(1).server.publishUsage(TWEETS_REF, Map.of("n", "last"));
        await().atMost(Duration.ofSeconds(10)).until(() -> usage.size() == events + 1);

        assertThat(cluster.node(0).redis.roomEventsReceived() - before[0]).as("node 0: TWEETS only").isEqualTo(events + 1);
        assertThat(cluster.node(1).redis.roomEventsReceived() - before[1]).as("node 1: webhooks only").isEqualTo(events);
        assertThat(cluster.node(2).redis.roomEventsReceived() - before[2]).as("node 2: nobody left there")
                .isLessThan(events / 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.node(2).redis.roomsListened() == 0);
        assertThat(cluster.node(0).redis.roomsListened()).isEqualTo(1);
        assertThat(cluster.node(1).redis.roomsListened()).isEqualTo(1);
    }
}
