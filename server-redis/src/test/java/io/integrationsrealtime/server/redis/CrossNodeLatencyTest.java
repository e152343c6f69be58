package io.integrationsrealtime.server.redis;

import static io.integrationsrealtime.server.TestBackend.PAYMENTS;
import static io.integrationsrealtime.server.TestBackend.PAYMENTS_REF;
import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.RawClient;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Measures how long a webhook published on node A takes to reach a client on node B (one at a
 * time, after a warm-up), next to the same path on a single in-memory node, and prints the
 * percentiles quoted in docs/scaling.md. Asserts only a loose bound, so slow machines pass.
 */
class CrossNodeLatencyTest {

    private static final int WARM_UP = 300;
    private static final int MEASURED = 1000;

    private TestCluster cluster;
    private RawClient client;
    private IntegrationsServer single;

    @BeforeEach
    void startCluster() throws Exception {
        LocalRedis.assumeAvailable();
        cluster = new TestCluster(2);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (single != null) {
            single.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void webhookFromNodeAToAClientOnNodeB() throws Exception {
        long[] crossNode = measure(cluster.node(0).server, cluster.node(1).server.port());
        client.close();
        single = TestAuth.server(new TestBackend()).build().start();
        long[] oneNode = measure(single, single.port());

        System.out.println("LATENCY webhook publish -> client, " + MEASURED + " webhooks one at a time: cross-node via Redis "
                + summary(crossNode) + "; single node in memory " + summary(oneNode));
        assertThat(percentile(crossNode, 50)).isLessThan(Duration.ofMillis(50).toNanos());
    }

    private long[] measure(IntegrationsServer publisher, int subscriberPort) throws Exception {
        client = new RawClient(subscriberPort, List.of(Events.WEBHOOK_RECEIVED)).connect();
        client.requestJson(Events.WEBHOOK_SUBSCRIBE, new JSONObject().put("projectId", PROJECT).put("integrationId", PAYMENTS));
        long[] nanos = new long[MEASURED];
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            long start = System.nanoTime();
            publisher.publishWebhookAsync(PAYMENTS_REF, "stripe.invoice.paid", Map.of("n", i));
            JSONObject received = client.next(Events.WEBHOOK_RECEIVED);
            long elapsed = System.nanoTime() - start;
            assertThat(received.getJSONObject("data").getInt("n")).isEqualTo(i);
            if (i >= WARM_UP) {
                nanos[i - WARM_UP] = elapsed;
            }
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static String summary(long[] sorted) {
        return String.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms", percentile(sorted, 50) / 1e6,
                percentile(sorted, 90) / 1e6, percentile(sorted, 99) / 1e6, sorted[sorted.length - 1] / 1e6);
    }
}
