package io.integrationsrealtime.server.redis;

import static io.integrationsrealtime.server.TestBackend.OTHER_PROJECT;
import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.SHARED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.client.Integration;
import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.RoomMembership;
import io.integrationsrealtime.server.RawClient;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.spi.IntegrationRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two projects whose integrations share an id, on three nodes sharing Redis: each project's
 * sockets get only its own room activity, pushes and replay, whichever node they are on and
 * whichever node publishes, and the Redis keys of the two rooms are distinct.
 */
class TenantIsolationClusterTest {

    private static final List<String> EVENTS = List.of(Events.EXECUTION_STARTED, Events.EXECUTION_COMPLETED,
            Events.USAGE_UPDATED, Events.WEBHOOK_RECEIVED);
    private static final IntegrationRef MINE = new IntegrationRef(PROJECT, SHARED);
    private static final IntegrationRef THEIRS = new IntegrationRef(OTHER_PROJECT, SHARED);

    private TestCluster cluster;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeEach
    void startCluster() throws Exception {
        LocalRedis.assumeAvailable();
        cluster = new TestCluster(3);
    }

    @AfterEach
    void stopCluster() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private RawClient raw(int node, String token) {
        RawClient client = new RawClient(cluster.node(node).server.port(), "/", EVENTS,
                options -> options.setAuth(Map.of("token", token)));
        clients.add(client);
        return client.connect();
    }

    private static JSONObject ids(IntegrationRef ref) {
        return new JSONObject().put("projectId", ref.projectId()).put("integrationId", ref.integrationId());
    }

    /** Joins the room and the webhook mirror; returns the mirror's head. */
    private static long enter(RawClient client, IntegrationRef ref) {
        assertThat(client.requestJson(Events.JOIN, ids(ref)).getString("room")).isEqualTo("integration:" + SHARED);
        return client.requestJson(Events.WEBHOOK_SUBSCRIBE, ids(ref)).getLong("seq");
    }

    @Test
    void twoProjectsSharingAnIntegrationId_onDifferentNodes_seeOnlyTheirOwnEvents() throws Exception {
        RawClient mine = raw(0, TestAuth.TOKEN);
        RawClient theirs = raw(1, TestAuth.OTHER_PROJECT_TOKEN);
        RawClient theirCaller = raw(2, TestAuth.OTHER_PROJECT_TOKEN);
        enter(mine, MINE);
        enter(theirs, THEIRS);

        JSONObject completed = theirCaller.requestJson(Events.EXECUTE, ids(THEIRS).put("endpoint", "getUserTweets"));
        cluster.node(2).server.publishUsage(THEIRS, Map.of("owner", "theirs"));
        cluster.node(2).server.publishWebhook(THEIRS, "stripe.invoice.paid", Map.of("owner", "theirs"));
        // Ours last, from the same node: one channel, in order, so it arrives after anything of theirs sent to us.
        cluster.node(2).server.publishUsage(MINE, Map.of("owner", "mine"));
        cluster.node(2).server.publishWebhook(MINE, "stripe.invoice.paid", Map.of("owner", "mine"));

        String executionId = completed.getString("executionId");
        assertThat(theirs.next(Events.EXECUTION_STARTED).getString("executionId")).isEqualTo(executionId);
        assertThat(theirs.next(Events.EXECUTION_COMPLETED).getString("executionId")).isEqualTo(executionId);
        assertThat(theirs.next(Events.USAGE_UPDATED).getJSONObject("usage").getString("owner")).isEqualTo("theirs");
        assertThat(theirs.next(Events.WEBHOOK_RECEIVED).getJSONObject("data").getString("owner")).isEqualTo("theirs");
        assertThat(mine.next(Events.USAGE_UPDATED).getJSONObject("usage").getString("owner")).isEqualTo("mine");
        assertThat(mine.next(Events.WEBHOOK_RECEIVED).getJSONObject("data").getString("owner")).isEqualTo("mine");
        await().atMost(Duration.ofSeconds(5)).until(() -> theirs.pending(Events.WEBHOOK_RECEIVED) == 0);
        for (String event : EVENTS) {
            assertThat(mine.pending(event)).as("our socket's other %s", event).isZero();
            assertThat(theirs.pending(event)).as("their socket's other %s", event).isZero();
        }
        // Each room has its own counter and log in Redis.
        List<String> keys = LocalRedis.with(redis -> LocalRedis.keys(redis, cluster.prefix));
        assertThat(keys).contains(
                cluster.prefix + "{project:" + PROJECT + ":integration:" + SHARED + ":webhooks}:log",
                cluster.prefix + "{project:" + OTHER_PROJECT + ":integration:" + SHARED + ":webhooks}:log");
    }

    @Test
    void rejoinWithLastSeqOnAnotherNode_replaysOnlyTheProjectsOwnEvents() throws Exception {
        // The room has a history (a client of an empty room re-joining with lastSeq 0 is told of a gap).
        cluster.node(0).server.publishWebhook(MINE, "stripe.invoice.paid", Map.of("owner", "mine", "n", 0));
        RawClient first = raw(0, TestAuth.TOKEN);
        long seen = enter(first, MINE);
        first.close();

        for (int n = 1; n <= 3; n++) {
            cluster.node(n % 3).server.publishWebhook(THEIRS, "stripe.invoice.paid", Map.of("owner", "theirs", "n", n));
        }
        cluster.node(1).server.publishWebhook(MINE, "stripe.invoice.paid", Map.of("owner", "mine", "n", 1));
        cluster.node(2).server.publishWebhook(THEIRS, "stripe.invoice.paid", Map.of("owner", "theirs", "n", 4));
        cluster.node(0).server.publishWebhook(MINE, "stripe.invoice.paid", Map.of("owner", "mine", "n", 2));

        RawClient again = raw(2, TestAuth.TOKEN);
        JSONObject rejoined = again.requestJson(Events.WEBHOOK_SUBSCRIBE, ids(MINE).put("lastSeq", seen));

        assertThat(rejoined.getInt("replayed")).isEqualTo(2);
        assertThat(rejoined.getBoolean("gap")).isFalse();
        for (int n = 1; n <= 2; n++) {
            JSONObject replayed = again.next(Events.WEBHOOK_RECEIVED);
            assertThat(replayed.getJSONObject("data").getString("owner")).isEqualTo("mine");
            assertThat(replayed.getJSONObject("data").getInt("n")).isEqualTo(n);
            assertThat(replayed.getLong("seq")).isEqualTo(seen + n);
        }
        again.requestJson(Events.STATUS, ids(MINE));
        assertThat(again.pending(Events.WEBHOOK_RECEIVED)).isZero();
    }

    @Test
    void clientsOfBothProjectsReconnectingToAnotherNode_replayOnlyTheirOwnWebhooks() throws Exception {
        List<Integer> mine = new CopyOnWriteArrayList<>();
        List<Integer> theirs = new CopyOnWriteArrayList<>();
        List<RoomMembership> gaps = new CopyOnWriteArrayList<>();
        subscribe(TestAuth.TOKEN, MINE, mine, gaps);
        subscribe(TestAuth.OTHER_PROJECT_TOKEN, THEIRS, theirs, gaps);
        publish(2, 1, 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> mine.size() == 10 && theirs.size() == 10);

        cluster.kill(0, 1);      // both clients drop and reconnect through node 0's balancer, to node 1
        publish(2, 11, 30);      // while they are reconnecting: the re-join replays these from Redis
        await().atMost(Duration.ofSeconds(30)).until(() -> mine.size() >= 30 && theirs.size() >= 30);
        publish(1, 31, 40);

        await().atMost(Duration.ofSeconds(10)).until(() -> mine.size() >= 40 && theirs.size() >= 40);
        assertThat(mine).containsExactlyElementsOf(IntStream.rangeClosed(1, 40).map(n -> n * 2).boxed().toList());
        assertThat(theirs).containsExactlyElementsOf(IntStream.rangeClosed(1, 40).map(n -> n * 2 - 1).boxed().toList());
        assertThat(gaps).isEmpty();
    }

    /** A client on node 0 (through its balancer) subscribed to the webhooks of {@code ref}; numbers go to {@code numbers}. */
    private void subscribe(String token, IntegrationRef ref, List<Integer> numbers, List<RoomMembership> gaps) throws Exception {
        IntegrationsClient client = IntegrationsClient.builder().serverUrl(cluster.node(0).url()).token(token)
                .ackTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(5)).build();
        clients.add(client);
        client.connect().get(10, TimeUnit.SECONDS);
        Integration integration = client.integration(ref.projectId(), ref.integrationId());
        integration.onGap(gaps::add);
        integration.subscribeWebhooks(webhook -> numbers.add(((Number) webhook.data().get("n")).intValue()))
                .get(5, TimeUnit.SECONDS);
    }

    /** Webhooks {@code from..to} of each project: ours carry even numbers, theirs odd ones. */
    private void publish(int node, int from, int to) {
        for (int n = from; n <= to; n++) {
            cluster.node(node).server.publishWebhook(THEIRS, "stripe.invoice.paid", Map.of("n", n * 2 - 1));
            cluster.node(node).server.publishWebhook(MINE, "stripe.invoice.paid", Map.of("n", n * 2));
        }
    }
}
