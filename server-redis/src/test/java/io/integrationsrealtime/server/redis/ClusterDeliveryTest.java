package io.integrationsrealtime.server.redis;

import static io.integrationsrealtime.server.TestBackend.PAYMENTS;
import static io.integrationsrealtime.server.TestBackend.PAYMENTS_REF;
import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static io.integrationsrealtime.server.TestBackend.TWEETS_REF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.server.TestBackend;
import io.integrationsrealtime.client.Integration;
import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.client.RoomActivityListener;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.ExecutionStarted;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three nodes sharing Redis: events published on any node reach every subscriber once, in order. */
class ClusterDeliveryTest {

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
    void webhooksPublishedOnAllNodesAtOnce_reachEverySubscriberOnEveryNodeOnceInSequenceOrder() throws Exception {
        int perNode = 60;
        List<List<Long>> received = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            IntegrationsClient client = cluster.client(i % 3);
            client.connect().get(10, TimeUnit.SECONDS);
            List<Long> seqs = new CopyOnWriteArrayList<>();
            received.add(seqs);
            client.integration(PROJECT, PAYMENTS).subscribeWebhooks(webhook -> seqs.add(webhook.seq()))
                    .get(5, TimeUnit.SECONDS);
        }

        // Each node publishes from its own thread, so the nodes race for the room's numbers.
        List<CompletableFuture<Void>> publishers = new ArrayList<>();
        for (int node = 0; node < 3; node++) {
            TestCluster.Node publisher = cluster.node(node);
            publishers.add(CompletableFuture.runAsync(() -> {
                for (int n = 0; n < perNode; n++) {
                    publisher.server.publishWebhook(PAYMENTS_REF, "stripe.invoice.paid", Map.of("n", n));
                }
            }));
        }
        CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        // A room's sequence starts at an arbitrary (time-based) number: expect consecutive numbers from it.
        long first = received.get(0).get(0);
        List<Long> expected = LongStream.range(first, first + 3L * perNode).boxed().toList();
        await().atMost(Duration.ofSeconds(20)).until(() -> received.stream().allMatch(seqs -> seqs.size() >= expected.size()));
        for (List<Long> seqs : received) {
            assertThat(seqs).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void executeOnOneNode_othersInTheRoomOnOtherNodesSeeItOnce_theCallerGetsNoCopy() throws Exception {
        List<Integration> handles = new ArrayList<>();
        List<List<String>> activity = new ArrayList<>();
        List<List<Long>> usage = new ArrayList<>();
        for (int node = 0; node < 3; node++) {
            IntegrationsClient client = cluster.client(node);
            client.connect().get(10, TimeUnit.SECONDS);
            Integration tweets = client.integration(PROJECT, TWEETS);
            List<String> seen = new CopyOnWriteArrayList<>();
            List<Long> usageSeqs = new CopyOnWriteArrayList<>();
            tweets.onRoomActivity(new RoomActivityListener() {
                @Override
                public void onExecutionStarted(ExecutionStarted event) {
                    seen.add("started " + event.executionId());
                }

                @Override
                public void onExecutionCompleted(ExecutionCompleted event) {
                    seen.add("completed " + event.executionId());
                }
            });
            tweets.onUsage(update -> usageSeqs.add(update.seq()));
            tweets.join().get(5, TimeUnit.SECONDS);
            handles.add(tweets);
            activity.add(seen);
            usage.add(usageSeqs);
        }

        ExecutionCompleted result = handles.get(0).execute("getUserTweets", Map.of("userId", "42"), Map.of())
                .get(10, TimeUnit.SECONDS);
        // Published after the run's events, so once it is in, the run's events are too.
        cluster.node(2).server.publishUsage(TWEETS_REF, Map.of("requests", 1));

        await().atMost(Duration.ofSeconds(10)).until(() -> usage.stream().allMatch(seqs -> seqs.size() == 1));
        String id = result.executionId();
        assertThat(activity.get(0)).isEmpty();
        assertThat(activity.get(1)).containsExactly("started " + id, "completed " + id);
        assertThat(activity.get(2)).containsExactly("started " + id, "completed " + id);
        // started and completed took the room's first two numbers; the usage push is the third.
        long usageSeq = usage.get(0).get(0);
        assertThat(usage).allSatisfy(seqs -> assertThat(seqs).containsExactly(usageSeq));
    }

    @Test
    void joiningARoomWithNoEventsYet_thenRejoiningOnAnotherNode_replaysItsFirstEventsWithoutAGap() {
        JSONObject ids = new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS);
        long head;
        try (RawClient first = new RawClient(cluster.node(0).server.port(), List.of()).connect()) {
            head = first.requestJson(Events.JOIN, ids).getLong("seq");
        }
        for (int n = 1; n <= 3; n++) {
            cluster.node(2).server.publishUsage(TestBackend.TWEETS_REF, Map.of("n", n));
        }

        try (RawClient again = new RawClient(cluster.node(1).server.port(), List.of()).connect()) {
            JSONObject rejoined = again.requestJson(Events.JOIN, new JSONObject(ids.toString()).put("lastSeq", head));
            assertThat(rejoined.getInt("replayed")).isEqualTo(3);
            assertThat(rejoined.getBoolean("gap")).as("the room's first events were all replayed").isFalse();
        }
    }

    @Test
    void everyKeyWrittenExpires() {
        for (int n = 0; n < 5; n++) {
            cluster.node(n % 3).server.publishWebhook(PAYMENTS_REF, "stripe.invoice.paid", Map.of("n", n));
            cluster.node(n % 3).server.publishUsage(TWEETS_REF, Map.of("n", n));
        }
        cluster.node(0).redis.idempotencyStore().claim("principal\u0000key", 1);

        List<Long> ttls = LocalRedis.with(redis -> LocalRedis.keys(redis, cluster.prefix).stream().map(redis::pttl).toList());

        // Two rooms' counters and logs, an idempotency key, and the nodes' leases.
        assertThat(ttls).hasSize(6).allSatisfy(ttl -> assertThat(ttl).isPositive());
    }
}
