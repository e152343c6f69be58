package io.integrationsrealtime.server.redis;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.server.RawClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An execute retried on another node with the same requestId runs once and returns the first outcome. */
class ClusterIdempotencyTest {

    private TestCluster cluster;
    private final List<RawClient> clients = new ArrayList<>();

    @BeforeEach
    void startCluster() throws Exception {
        LocalRedis.assumeAvailable();
        cluster = new TestCluster(3);
    }

    @AfterEach
    void stopCluster() throws Exception {
        clients.forEach(RawClient::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    private RawClient client(int node) {
        RawClient client = new RawClient(cluster.node(node).server.port(), List.of()).connect();
        clients.add(client);
        return client;
    }

    private static JSONObject count(String requestId) {
        return new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS).put("endpoint", "count")
                .put("requestId", requestId);
    }

    private int runsOnAllNodes() {
        return cluster.nodes.stream().mapToInt(node -> node.backend.counted.get()).sum();
    }

    @Test
    void retriesOnOtherNodes_whileRunningAndAfter_runOnce_andGetTheFirstOutcome() {
        RawClient onA = client(0);
        RawClient onB = client(1);
        RawClient onC = client(2);

        CompletableFuture<Object> first = onA.request(Events.EXECUTE, count("order-42"));
        CompletableFuture<Object> whileRunning = onB.request(Events.EXECUTE, count("order-42"));
        JSONObject a = (JSONObject) first.join();
        JSONObject b = (JSONObject) whileRunning.join();
        JSONObject later = onC.requestJson(Events.EXECUTE, count("order-42"));

        assertThat(runsOnAllNodes()).isEqualTo(1);
        assertThat(a.getString("executionId")).isEqualTo(b.getString("executionId")).isEqualTo(later.getString("executionId"));
        assertThat(later.getJSONObject("result").getJSONObject("data").getInt("count")).isEqualTo(1);

        JSONObject fresh = onC.requestJson(Events.EXECUTE, count("order-43"));
        assertThat(fresh.has("result")).isTrue();
        assertThat(runsOnAllNodes()).isEqualTo(2);
    }
}
