package io.integrationsrealtime.server.redis;

import static io.integrationsrealtime.server.TestBackend.PAYMENTS;
import static io.integrationsrealtime.server.TestBackend.PAYMENTS_REF;
import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.server.RawClient;
import io.integrationsrealtime.server.spi.IntegrationFailure;
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
 * Redis goes away (every node's link to it is cut, as in a Redis restart) or one node loses it:
 * requests fail fast with UNAVAILABLE, nothing crashes, the nodes reconnect on their own, and
 * every webhook whose publish succeeded reaches every subscriber once, in order.
 */
class RedisOutageTest {

    private TestCluster cluster;
    private final List<RawClient> rawClients = new ArrayList<>();

    @BeforeEach
    void startCluster() throws Exception {
        LocalRedis.assumeAvailable();
        cluster = new TestCluster(3, true, builder -> builder);
    }

    @AfterEach
    void stopCluster() throws Exception {
        rawClients.forEach(RawClient::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    private List<List<Integer>> subscribers() throws Exception {
        List<List<Integer>> received = new ArrayList<>();
        for (int node = 0; node < 3; node++) {
            IntegrationsClient client = cluster.client(node);
            client.connect().get(10, TimeUnit.SECONDS);
            List<Integer> numbers = new CopyOnWriteArrayList<>();
            received.add(numbers);
            client.integration(PROJECT, PAYMENTS)
                    .subscribeWebhooks(webhook -> numbers.add(((Number) webhook.data().get("n")).intValue()))
                    .get(5, TimeUnit.SECONDS);
        }
        return received;
    }

    private void publish(int node, int from, int to) {
        for (int n = from; n <= to; n++) {
            cluster.node(node).server.publishWebhook(PAYMENTS_REF, "stripe.invoice.paid", Map.of("n", n));
        }
    }

    private static JSONObject execute(String requestId) {
        JSONObject request = new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS)
                .put("endpoint", "getUserTweets");
        return requestId == null ? request : request.put("requestId", requestId);
    }

    @Test
    void redisDown_requestsFailFastWithUnavailable_thenNodesRecoverAndDeliverInOrder() throws Exception {
        List<List<Integer>> received = subscribers();
        RawClient raw = new RawClient(cluster.node(0).server.port(), List.of()).connect();
        rawClients.add(raw);
        publish(2, 1, 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().allMatch(numbers -> numbers.size() == 5));

        cluster.nodes.forEach(node -> node.redisLink.cut());

        long started = System.nanoTime();
        assertThatThrownBy(() -> publish(2, 6, 6)).isInstanceOfSatisfying(IntegrationFailure.class,
                failure -> assertThat(failure.error().code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(errorCode(raw.requestJson(Events.EXECUTE, execute("order-1")))).isEqualTo("UNAVAILABLE");
        assertThat(errorCode(raw.requestJson(Events.EXECUTE, execute(null)))).isEqualTo("UNAVAILABLE");
        JSONObject join = new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS).put("lastSeq", 0);
        assertThat(errorCode(raw.requestJson(Events.JOIN, join))).isEqualTo("UNAVAILABLE");

        cluster.nodes.forEach(node -> node.redisLink.restore());
        // Lettuce reconnects with backoff; the first publish that succeeds is the 6th webhook.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> cluster.node(2).server.publishWebhook(PAYMENTS_REF, "stripe.invoice.paid", Map.of("n", 6)) != null);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            publish(0, 7, 7);
            publish(1, 8, 8);
            return true;
        });
        publish(2, 9, 10);

        List<Integer> expected = IntStream.rangeClosed(1, 10).boxed().toList();
        await().atMost(Duration.ofSeconds(20)).until(() -> received.stream().allMatch(numbers -> numbers.size() >= 10));
        assertThat(received).allSatisfy(numbers -> assertThat(numbers).containsExactlyElementsOf(expected));
        assertThat(raw.requestJson(Events.EXECUTE, execute("order-2")).has("result")).isTrue();
    }

    @Test
    void oneNodeCutOffFromRedis_afterItReconnects_itsClientsGetWhatWasPublishedMeanwhile() throws Exception {
        List<List<Integer>> received = subscribers();
        publish(1, 1, 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().allMatch(numbers -> numbers.size() == 3));

        cluster.node(0).redisLink.cut();
        publish(1, 4, 10);                 // node 0 misses these on the channel
        await().atMost(Duration.ofSeconds(10)).until(() -> received.get(1).size() == 10 && received.get(2).size() == 10);
        cluster.node(0).redisLink.restore();

        // On resubscribing, node 0 reads what it missed from the room's log.
        List<Integer> expected = IntStream.rangeClosed(1, 10).boxed().toList();
        await().atMost(Duration.ofSeconds(20)).until(() -> received.get(0).size() >= 10);
        publish(2, 11, 11);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().allMatch(numbers -> numbers.size() >= 11));
        assertThat(received).allSatisfy(numbers -> assertThat(numbers)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 11).boxed().toList()));
        assertThat(received.get(0).subList(0, 10)).isEqualTo(expected);
    }

    private static String errorCode(JSONObject reply) {
        return reply.getJSONObject("error").getString("code");
    }
}
