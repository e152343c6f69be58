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
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.RawClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Server nodes on a Redis Cluster of three masters of the test's own: a room's events travel on
 * its sharded channel, on the master that owns its keys, and reach every node serving the room
 * once and in order, also while the room's slot moves to another master.
 */
class RedisClusterModeTest {

    /** PAYMENTS' webhooks room and TWEETS' room hash to slots of different masters (3079 and 10458). */
    private static final String WEBHOOKS_ROOM = "project:" + PROJECT + ":integration:" + PAYMENTS + ":webhooks";
    private static final String TWEETS_ROOM = "project:" + PROJECT + ":integration:" + TWEETS;

    private static OwnRedisCluster redis;
    private TestCluster cluster;

    @BeforeAll
    static void startRedisCluster() throws Exception {
        redis = new OwnRedisCluster();
    }

    @AfterAll
    static void stopRedisCluster() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void stopNodes() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void roomsOnDifferentShards_eventsPublishedOnBothNodes_reachEverySubscriberOnceInOrder_andReplayAfterReconnect()
            throws Exception {
        assertThat(redis.ownerOf(OwnRedisCluster.slotOf(WEBHOOKS_ROOM)))
                .isNotSameAs(redis.ownerOf(OwnRedisCluster.slotOf(TWEETS_ROOM)));
        cluster = new TestCluster(2, redis.url(), builder -> builder);
        int perNode = 40;
        List<List<Long>> webhooks = new ArrayList<>();
        List<List<Long>> usage = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            IntegrationsClient client = cluster.client(i % 2);
            client.connect().get(10, TimeUnit.SECONDS);
            List<Long> hooks = new CopyOnWriteArrayList<>();
            List<Long> pushes = new CopyOnWriteArrayList<>();
            webhooks.add(hooks);
            usage.add(pushes);
            client.integration(PROJECT, PAYMENTS).subscribeWebhooks(webhook -> hooks.add(webhook.seq())).get(5, TimeUnit.SECONDS);
            client.integration(PROJECT, TWEETS).onUsage(update -> pushes.add(update.seq()));
            client.integration(PROJECT, TWEETS).join().get(5, TimeUnit.SECONDS);
        }

        List<CompletableFuture<Void>> publishers = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
            IntegrationsServer publisher = cluster.node(node).server;
            publishers.add(CompletableFuture.runAsync(() -> {
                for (int n = 0; n < perNode; n++) {
                    publisher.publishWebhook(PAYMENTS_REF, "stripe.invoice.paid", Map.of("n", n));
                    publisher.publishUsage(TWEETS_REF, Map.of("n", n));
                }
            }));
        }
        CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        for (List<List<Long>> room : List.of(webhooks, usage)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> room.stream().allMatch(seqs -> seqs.size() >= 2 * perNode));
            long first = room.get(0).get(0);
            List<Long> expected = LongStream.range(first, first + 2L * perNode).boxed().toList();
            assertThat(room).allSatisfy(seqs -> assertThat(seqs).containsExactlyElementsOf(expected));
        }

        // A client that saw the room up to `last`, reconnecting to the other node, gets the rest from the log.
        long last = usage.get(0).get(usage.get(0).size() - 1);
        for (int n = 1; n <= 3; n++) {
            cluster.node(0).server.publishUsage(TWEETS_REF, Map.of("after", n));
        }
        try (RawClient again = new RawClient(cluster.node(1).server.port(), List.of()).connect()) {
            JSONObject rejoined = again.requestJson(Events.JOIN, new JSONObject().put("projectId", PROJECT)
                    .put("integrationId", TWEETS).put("lastSeq", last));
            assertThat(rejoined.getInt("replayed")).isEqualTo(3);
            assertThat(rejoined.getBoolean("gap")).isFalse();
            assertThat(rejoined.getLong("seq")).isEqualTo(last + 3);
        }
        // Lettuce's short-lived topology connections closing are no outage.
        assertThat(cluster.nodes).allSatisfy(node -> assertThat(node.server.backplaneAvailable()).isTrue());
    }

    @Test
    void aNodeHearsOnlyTheRoomsItServes() throws Exception {
        cluster = new TestCluster(3, redis.url(), builder -> builder);
        SubscriptionChecks.aNodeHearsOnlyTheRoomsItServes(cluster);
    }

    @Test
    void aRoomsSlotMovesToAnotherMasterWhileEventsFlow_deliveryGoesOnOnceInOrder() throws Exception {
        cluster = new TestCluster(2, redis.url(), builder -> builder);
        List<List<Long>> usage = cluster.usageWatchers(2);
        List<Long> published = new CopyOnWriteArrayList<>();
        // A publish may fail while the room's keys are between masters (TRYAGAIN): the load goes on.
        UsageLoad load = new UsageLoad(cluster, 2, published::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() >= 50);

        int slot = OwnRedisCluster.slotOf(TWEETS_ROOM);
        OwnRedis before = redis.ownerOf(slot);
        OwnRedis target = redis.masters.stream().filter(master -> master != before).findFirst().orElseThrow();
        redis.moveSlot(slot, target);
        assertThat(redis.ownerOf(slot)).isSameAs(target);
        int movedAt = published.size();
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() >= movedAt + 50);
        load.stop();

        // Both nodes' subscriptions followed the slot to its new master.
        String channel = cluster.prefix + "{" + TWEETS_ROOM + "}:events";
        await().atMost(Duration.ofSeconds(10)).until(() ->
                String.valueOf(target.cliQuiet("PUBSUB", "SHARDNUMSUB", channel)).endsWith("\n2"));
        List<Long> expected = published.stream().sorted().toList();
        await().atMost(Duration.ofSeconds(20)).until(() -> usage.stream().allMatch(seqs -> seqs.size() >= expected.size()));
        for (List<Long> seqs : usage) {
            assertThat(seqs).containsExactlyElementsOf(expected);
        }
        assertThat(expected.get(expected.size() - 1) - expected.get(0)).isEqualTo(expected.size() - 1);
    }
}
