package io.integrationsrealtime.server.redis;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.server.TestBackend;
import io.integrationsrealtime.client.Integration;
import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.client.RoomActivityListener;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.ExecutionFailed;
import io.integrationsrealtime.protocol.ExecutionStarted;
import io.integrationsrealtime.server.RawClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node stops while it runs an execute (closed, or cut off from Redis longer than its lease):
 * the room's {@code started} gets exactly one terminal event, {@code failed} with INTERRUPTED,
 * announced by the node itself on close or by a surviving node once the lease ran out; the run's
 * own end, should the node come back, is not published a second time.
 */
class AbandonedRunsTest {

    private TestCluster cluster;
    private final List<String> activity = new CopyOnWriteArrayList<>();
    private RawClient caller;

    @BeforeEach
    void start() throws Exception {
        LocalRedis.assumeAvailable();
        cluster = new TestCluster(2, true, builder -> builder.nodeLease(Duration.ofSeconds(1)));
        IntegrationsClient watcher = cluster.client(1);
        watcher.connect().get(10, TimeUnit.SECONDS);
        Integration tweets = watcher.integration(PROJECT, TWEETS);
        tweets.onRoomActivity(new RoomActivityListener() {
            @Override
            public void onExecutionStarted(ExecutionStarted e) {
                activity.add("started " + e.executionId());
            }

            @Override
            public void onExecutionCompleted(ExecutionCompleted e) {
                activity.add("completed " + e.executionId());
            }

            @Override
            public void onExecutionFailed(ExecutionFailed e) {
                activity.add("failed " + e.executionId() + " " + e.error().code());
            }
        });
        tweets.onUsage(usage -> activity.add("usage"));
        tweets.join().get(5, TimeUnit.SECONDS);
        caller = new RawClient(cluster.node(0).server.port(), List.of()).connect();
    }

    @AfterEach
    void stop() throws Exception {
        if (caller != null) {
            caller.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private CompletableFuture<Object> slowExecute(int millis) {
        return caller.request(Events.EXECUTE, new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS)
                .put("endpoint", "slow").put("params", new JSONObject().put("ms", millis)));
    }

    private String startedRun() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !activity.isEmpty());
        assertThat(activity.get(0)).startsWith("started ");
        return activity.get(0).substring("started ".length());
    }

    @Test
    void nodeCutOffLongerThanItsLease_aSurvivorAnnouncesTheRunInterrupted_andItsLateEndIsNotRepeated() throws Exception {
        CompletableFuture<Object> reply = slowExecute(4000);
        String run = startedRun();

        cluster.node(0).redisLink.cut();
        long cutAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> activity.size() == 2);
        Duration announcedAfter = Duration.ofNanos(System.nanoTime() - cutAt);
        assertThat(activity.get(1)).isEqualTo("failed " + run + " INTERRUPTED");
        assertThat(announcedAfter).isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
        cluster.node(0).redisLink.restore();

        // The run ends on node 0 after its link is back: the caller gets its result, the room nothing more.
        assertThat(((JSONObject) reply.get(15, TimeUnit.SECONDS)).has("result")).isTrue();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> cluster.node(0).server.publishUsage(TestBackend.TWEETS_REF, Map.of("n", 1)) != null);
        await().atMost(Duration.ofSeconds(5)).until(() -> activity.contains("usage"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> activity.size() == 3);
        assertThat(activity).containsExactly("started " + run, "failed " + run + " INTERRUPTED", "usage");
    }

    @Test
    void nodeClosedWhileARunIsUnderWay_announcesItInterruptedItself() throws Exception {
        slowExecute(8000);
        String run = startedRun();

        long closedAt = System.nanoTime();
        cluster.kill(0, 1);   // closes the server (not drained), then its RedisBackplane

        await().atMost(Duration.ofSeconds(6)).until(() -> activity.size() == 2);
        assertThat(activity.get(1)).isEqualTo("failed " + run + " INTERRUPTED");
        assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(6));
        // The endpoint still finishes in this JVM afterwards; nothing more reaches the room.
        cluster.node(0).backend.lastSlow.get(15, TimeUnit.SECONDS);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> activity.size() == 2);
    }
}
