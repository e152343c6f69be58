package io.integrationsrealtime.server;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static io.integrationsrealtime.server.TestBackend.TWEETS_REF;
import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.server.store.InMemoryReplayLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deadlines, exactly one outcome, idempotent execute, replay of missed room events, graceful shutdown. */
class DeliveryTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final TestBackend backend = new TestBackend();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private IntegrationsServer start(java.util.function.UnaryOperator<IntegrationsServer.Builder> options) {
        IntegrationsServer server = options.apply(TestAuth.server(backend)).build().start();
        toClose.add(server);
        return server;
    }

    private RawClient client(IntegrationsServer server, String token) {
        RawClient client = new RawClient(server.port(), "/", List.of(Events.USAGE_UPDATED, Events.EXECUTION_COMPLETED,
                Events.EXECUTION_FAILED), options -> options.setAuth(Map.of("token", token))).connect();
        toClose.add(client);
        return client;
    }

    private static JSONObject ids() {
        return new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS);
    }

    private static JSONObject execute(String endpoint) {
        return ids().put("endpoint", endpoint);
    }

    @Test
    void hungEndpoint_failsWithTimeoutAtTheDeadline() {
        IntegrationsServer server = start(b -> b.backendDeadline(Duration.ofMillis(300)));
        RawClient client = client(server, TestAuth.TOKEN);

        JSONObject failed = client.requestJson(Events.EXECUTE, execute("hang"));

        assertThat(failed.getJSONObject("error").getString("code")).isEqualTo("TIMEOUT");
        assertThat(failed.getJSONObject("error").getBoolean("retryable")).isTrue();
        assertThat(failed.getJSONObject("error").getString("message"))
                .isEqualTo("endpoint hang of integration " + TWEETS + " did not finish within 300 ms");
    }

    @Test
    void resultArrivingAfterTheDeadline_isDropped_theCallerGetsOneOutcome() throws Exception {
        IntegrationsServer server = start(b -> b.backendDeadline(Duration.ofMillis(100)));
        RawClient client = client(server, TestAuth.TOKEN);

        client.emit(Events.EXECUTE, execute("slow").put("params", new JSONObject().put("ms", 300)));

        assertThat(client.next(Events.EXECUTION_FAILED).getJSONObject("error").getString("code")).isEqualTo("TIMEOUT");
        // Once the endpoint has finished late, a round trip on the same socket shows that nothing else came.
        backend.lastSlow.get(5, TimeUnit.SECONDS);
        client.requestJson(Events.STATUS, ids());
        assertThat(client.pending(Events.EXECUTION_COMPLETED) + client.pending(Events.EXECUTION_FAILED)).isZero();
    }

    @Test
    void executeRepeatedWithTheSameRequestId_runsOnce_andReturnsTheFirstOutcome() {
        IntegrationsServer server = start(b -> b);
        RawClient client = client(server, TestAuth.TOKEN);

        CompletableFuture<Object> first = client.request(Events.EXECUTE, execute("count").put("requestId", "order-42"));
        CompletableFuture<Object> whileRunning = client.request(Events.EXECUTE, execute("count").put("requestId", "order-42"));
        JSONObject a = (JSONObject) first.join();
        JSONObject b = (JSONObject) whileRunning.join();
        JSONObject later = client.requestJson(Events.EXECUTE, execute("count").put("requestId", "order-42"));

        assertThat(backend.counted.get()).isEqualTo(1);
        assertThat(a.getString("executionId")).isEqualTo(b.getString("executionId")).isEqualTo(later.getString("executionId"));
        assertThat(later.getJSONObject("result").getJSONObject("data").getInt("count")).isEqualTo(1);

        JSONObject fresh = client.requestJson(Events.EXECUTE, execute("count").put("requestId", "order-43"));
        assertThat(fresh.getJSONObject("result").getJSONObject("data").getInt("count")).isEqualTo(2);
    }

    @Test
    void reconnectingClient_getsWhatItMissed_inOrder() {
        IntegrationsServer server = start(b -> b);
        RawClient before = client(server, TestAuth.TOKEN);
        before.requestJson(Events.JOIN, ids());
        server.publishUsage(TWEETS_REF, Map.of("n", 1));
        long lastSeen = nextUsage(before).getLong("seq");
        before.close();

        for (int n = 2; n <= 4; n++) {
            server.publishUsage(TWEETS_REF, Map.of("n", n));
        }
        RawClient after = client(server, TestAuth.TOKEN);
        JSONObject rejoined = after.requestJson(Events.JOIN, ids().put("lastSeq", lastSeen));

        assertThat(rejoined.getInt("replayed")).isEqualTo(3);
        assertThat(rejoined.getBoolean("gap")).isFalse();
        List<Integer> replayed = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JSONObject usage = nextUsage(after);
            replayed.add(usage.getJSONObject("usage").getInt("n"));
            seqs.add(usage.getLong("seq"));
        }
        assertThat(replayed).containsExactly(2, 3, 4);
        assertThat(seqs).containsExactly(lastSeen + 1, lastSeen + 2, lastSeen + 3);
    }

    @Test
    void reconnectingClient_isToldOfAGapTooLargeToReplay() {
        IntegrationsServer server = start(b -> b.replayLog(new InMemoryReplayLog(2, Duration.ofMinutes(1), Clock.systemUTC())));
        RawClient client = client(server, TestAuth.TOKEN);
        server.publishUsage(TWEETS_REF, Map.of("n", 0));
        long head = client.requestJson(Events.JOIN, ids()).getLong("seq");
        client.requestJson(Events.LEAVE, ids());

        for (int n = 1; n <= 5; n++) {
            server.publishUsage(TWEETS_REF, Map.of("n", n));
        }
        JSONObject rejoined = client.requestJson(Events.JOIN, ids().put("lastSeq", head));

        assertThat(rejoined.getBoolean("gap")).isTrue();
        assertThat(rejoined.getLong("seq")).isEqualTo(head + 5);
    }

    @Test
    void executionsNobodyElseSees_areStillLoggedForReplay_inOrder() throws Exception {
        IntegrationsServer server = start(b -> b);
        RawClient watcher = client(server, TestAuth.TOKEN);
        server.publishUsage(TWEETS_REF, Map.of("n", 0));   // the room's sequence starts
        long head = watcher.requestJson(Events.JOIN, ids()).getLong("seq");
        watcher.requestJson(Events.LEAVE, ids());
        RawClient caller = client(server, TestAuth.TOKEN);

        // First with nobody in the room, then with the caller alone in it (it is left out of its own copies).
        String alone = caller.requestJson(Events.EXECUTE, execute("count")).getString("executionId");
        caller.requestJson(Events.JOIN, ids());
        String onlyCaller = caller.requestJson(Events.EXECUTE, execute("count")).getString("executionId");
        JSONObject rejoined = watcher.requestJson(Events.JOIN, ids().put("lastSeq", head));

        assertThat(rejoined.getInt("replayed")).isEqualTo(4);   // started + completed, twice
        assertThat(rejoined.getBoolean("gap")).isFalse();
        assertThat(rejoined.getLong("seq")).isEqualTo(head + 4);
        JSONObject first = watcher.next(Events.EXECUTION_COMPLETED);
        JSONObject second = watcher.next(Events.EXECUTION_COMPLETED);
        assertThat(List.of(first.getString("executionId"), second.getString("executionId"))).containsExactly(alone, onlyCaller);
        assertThat(List.of(first.getLong("seq"), second.getLong("seq"))).containsExactly(head + 2, head + 4);
        // A round trip on the caller's socket shows no room copy of its own executions reached it.
        caller.requestJson(Events.STATUS, ids());
        assertThat(caller.pending(Events.EXECUTION_COMPLETED)).isZero();
    }

    @Test
    void hostAnsweringWithACompletedMinimalStage_isUnderstood() {
        // completedStage() is a CompletableFuture subclass whose join() throws: it must not be taken for a plain one.
        IntegrationsServer server = start(b -> b.authorizer((principal, integration) -> CompletableFuture.completedStage(true)));
        RawClient client = client(server, TestAuth.TOKEN);

        JSONObject completed = client.requestJson(Events.EXECUTE, execute("getUserTweets"));

        assertThat(completed.has("error")).as(completed.toString()).isFalse();
        assertThat(completed.getJSONObject("result").getJSONObject("data").getJSONArray("tweets").getString(0)).isEqualTo("hello");
    }

    @Test
    void directExecutorOptIn_runsTheBackendOnTheEventLoop_withTheSameOutcomes() {
        IntegrationsServer server = start(b -> b.backendExecutor(Runnable::run));
        RawClient client = client(server, TestAuth.TOKEN);

        JSONObject first = client.requestJson(Events.EXECUTE, execute("getUserTweets").put("requestId", "direct-1"));
        JSONObject retried = client.requestJson(Events.EXECUTE, execute("getUserTweets").put("requestId", "direct-1"));
        JSONObject failed = client.requestJson(Events.EXECUTE, execute("upstreamDown"));

        assertThat(first.getJSONObject("result").getJSONObject("data").getJSONArray("tweets").getString(0)).isEqualTo("hello");
        assertThat(retried.getString("executionId")).isEqualTo(first.getString("executionId"));
        assertThat(failed.getJSONObject("error").getString("code")).isEqualTo("UPSTREAM_ERROR");
        assertThat(backend.threads).isNotEmpty().allMatch(name -> name.contains("EventLoopGroup"));
    }

    @Test
    void shutdown_letsRunningExecutionsFinish_andRefusesNewOnes() throws Exception {
        IntegrationsServer server = start(b -> b);
        RawClient client = client(server, TestAuth.TOKEN);
        CompletableFuture<Object> running = client.request(Events.EXECUTE, execute("slow").put("params", new JSONObject().put("ms", 500)));
        // The execution has started once the server has answered a later request on the same socket.
        client.requestJson(Events.STATUS, ids());

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(5)));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(client.requestJson(Events.STATUS, ids()).getJSONObject("error").getString("code")).isEqualTo("UNAVAILABLE"));

        assertThat(((JSONObject) running.get(5, TimeUnit.SECONDS)).getJSONObject("result").getJSONObject("data").getInt("slept")).isEqualTo(500);
        shutdown.get(15, TimeUnit.SECONDS);
    }

    private static JSONObject nextUsage(RawClient client) {
        try {
            return client.next(Events.USAGE_UPDATED);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
