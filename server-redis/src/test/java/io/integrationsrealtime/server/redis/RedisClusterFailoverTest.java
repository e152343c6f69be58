package io.integrationsrealtime.server.redis;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.server.RawClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis Cluster of three masters with a replica each: the master of a busy room is killed, its
 * replica takes over, and the nodes follow: publishing resumes on the new master, their
 * subscriptions move there, watchers get every acknowledged event once and in order (or a re-join
 * is told of the gap), and the nodes report the backplane available again.
 */
class RedisClusterFailoverTest {

    private static final String TWEETS_ROOM = "project:" + PROJECT + ":integration:" + TWEETS;

    private OwnRedisCluster redis;
    private TestCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void theRoomsMasterDies_itsReplicaTakesOver_andDeliveryGoesOn() throws Exception {
        redis = new OwnRedisCluster(1);
        cluster = new TestCluster(2, redis.url(), builder -> builder.commandTimeout(Duration.ofSeconds(1)));
        List<List<Long>> watchers = cluster.usageWatchers(2);
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        UsageLoad load = new UsageLoad(cluster, 2, acknowledged::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() >= 50);

        int slot = OwnRedisCluster.slotOf(TWEETS_ROOM);
        OwnRedis dead = redis.ownerOf(slot);
        OwnRedis survivor = redis.masters.stream().filter(node -> node != dead).findFirst().orElseThrow();
        dead.kill();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                OwnRedis owner = redis.ownerOf(slot, survivor);
                return owner != dead && String.valueOf(owner.cliQuiet("ROLE")).startsWith("master");
            } catch (RuntimeException noOwnerYet) {
                return false;
            }
        });
        int afterFailover = acknowledged.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= afterFailover + 50);
        load.stop();

        long lastAcknowledged = acknowledged.stream().mapToLong(Long::longValue).max().orElseThrow();
        await().atMost(Duration.ofSeconds(20)).until(() -> watchers.stream()
                .allMatch(seqs -> !seqs.isEmpty() && seqs.get(seqs.size() - 1) >= lastAcknowledged));
        for (List<Long> seqs : watchers) {
            assertThat(seqs).as("once each, in order").isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
            TreeSet<Long> missing = new TreeSet<>(acknowledged);
            missing.removeAll(seqs);
            if (!missing.isEmpty()) {
                long before = seqs.stream().filter(seq -> seq < missing.first()).mapToLong(Long::longValue).max().orElseThrow();
                try (RawClient rejoin = new RawClient(cluster.node(0).server.port(), List.of()).connect()) {
                    JSONObject joined = rejoin.requestJson(Events.JOIN, new JSONObject().put("projectId", PROJECT)
                            .put("integrationId", TWEETS).put("lastSeq", before));
                    assertThat(joined.getBoolean("gap")).as("acknowledged events %s missed without a gap", missing).isTrue();
                }
            }
        }
        assertThat(cluster.nodes).allSatisfy(node -> await().atMost(Duration.ofSeconds(15))
                .until(node.server::backplaneAvailable));
    }
}
