package io.integrationsrealtime.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.protocol.WebhookReceived;
import io.integrationsrealtime.server.webhook.WebhookSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo's signed webhook ingress: verified, deduplicated, then mirrored to subscribers. */
class DemoWebhookEndpointTest {

    private static final String BODY =
            "{\"id\":\"evt_test_1\",\"type\":\"stripe.invoice.paid\",\"data\":{\"invoiceId\":\"in_42\"}}";

    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static DemoServer demo;
    private static DemoHttpServer endpoint;
    private static IntegrationsClient client;

    // One server for the class: netty-socketio's stop() takes seconds (graceful event-loop shutdown).
    @BeforeAll
    static void start() throws Exception {
        // A provider interval far longer than the test, so only the webhooks posted here arrive.
        demo = DemoServer.start("127.0.0.1", 0, Duration.ZERO, Duration.ofHours(1));
        endpoint = DemoHttpServer.start("127.0.0.1", 0, new DemoWebhookEndpoint(demo.server(), DemoWebhookEndpoint.demoRoutes()),
                new DashboardFiles("http://127.0.0.1:" + demo.port(), demo.port(), List.of()));
        client = IntegrationsClient.builder().serverUrl("http://127.0.0.1:" + demo.port()).token(DemoServer.TOKEN).build();
        client.connect().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @AfterAll
    static void stop() {
        client.close();
        endpoint.close();
        demo.close();
    }

    private static HttpResponse<String> post(String integrationId, String signature, String body) throws Exception {
        return post(integrationId, signature, body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> post(String integrationId, String signature, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + endpoint.port() + "/webhooks/" + integrationId))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sign(String body) {
        return sign(DemoWebhookEndpoint.SECRET, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String sign(String secret, byte[] body) {
        return WebhookSigner.stripeSignatureHeader(secret, Instant.now(), body);
    }

    private static List<WebhookReceived> subscribed(String integrationId) {
        List<WebhookReceived> received = new CopyOnWriteArrayList<>();
        client.integration(DemoCatalog.PROJECT_ID, integrationId).subscribeWebhooks(received::add)
                .orTimeout(5, TimeUnit.SECONDS).join();
        return received;
    }

    @Test
    void eachIntegrationHasItsOwnSecret_andItsOwnEventIds() throws Exception {
        List<WebhookReceived> tweets = subscribed(DemoCatalog.TWEETS_ID);
        List<WebhookReceived> payments = subscribed(DemoCatalog.PAYMENTS_ID);
        String body = "{\"id\":\"evt_shared_1\",\"type\":\"twitter.tweet.created\",\"data\":{\"tweetId\":\"7\"}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> otherTenantsSecret = post(DemoCatalog.TWEETS_ID, sign(DemoWebhookEndpoint.SECRET, bytes), bytes);
        HttpResponse<String> ownSecret = post(DemoCatalog.TWEETS_ID, sign("whsec_demo_twitter_secret", bytes), bytes);
        // The same event id from the other integration's sender is its own delivery, not a duplicate.
        HttpResponse<String> sameIdElsewhere = post(DemoCatalog.PAYMENTS_ID, sign(body), body);

        assertThat(otherTenantsSecret.statusCode()).isEqualTo(400);
        assertThat(otherTenantsSecret.body()).contains("NO_MATCHING_SIGNATURE");
        assertThat(ownSecret.body()).contains("\"mirrored\":true");
        assertThat(sameIdElsewhere.body()).contains("\"mirrored\":true");
        await().atMost(Duration.ofSeconds(5)).until(() -> tweets.size() == 1 && payments.size() == 1);
        assertThat(tweets.get(0).integrationId()).isEqualTo(DemoCatalog.TWEETS_ID);
        assertThat(tweets.get(0).data()).containsEntry("tweetId", "7");
    }

    @Test
    void bodiesOverOneMebibyte_areRefused_notTruncated_andLargeOnesBelowItMirrored() throws Exception {
        List<WebhookReceived> received = subscribed(DemoCatalog.PAYMENTS_ID);
        String prefix = "{\"id\":\"evt_big\",\"type\":\"stripe.file.uploaded\",\"data\":{\"blob\":\"";
        String suffix = "\"}}";
        byte[] over = (prefix + "x".repeat(1024 * 1024 - prefix.length() - suffix.length() + 1) + suffix).getBytes(StandardCharsets.UTF_8);
        byte[] under = (prefix + "x".repeat(100_000) + suffix).getBytes(StandardCharsets.UTF_8);
        assertThat(over).hasSize(1024 * 1024 + 1);

        HttpResponse<String> refused = post(DemoCatalog.PAYMENTS_ID, sign(DemoWebhookEndpoint.SECRET, over), over);
        HttpResponse<String> mirrored = post(DemoCatalog.PAYMENTS_ID, sign(DemoWebhookEndpoint.SECRET, under), under);

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(mirrored.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.stream().anyMatch(w -> w.event().equals("stripe.file.uploaded")));
        assertThat(received).hasSize(1);
    }

    @Test
    void verifiedButMalformedBodies_andBadPaths_areRefusedWithoutHarm() throws Exception {
        for (String body : List.of("null", "[1,2]", "\"text\"", "{\"id\":5,\"type\":\"stripe.x\"}",
                "{\"id\":\"evt_m\",\"type\":[\"stripe.x\"]}", "{\"id\":\"evt_m\",\"type\":\"stripe.x\",\"data\":[1]}",
                "{\"id\":\"evt_m\",\"type\":\"stripe.x\",\"data\":\"text\"}", "{\"type\":\"stripe.x\"}", "{")) {
            HttpResponse<String> response = post(DemoCatalog.PAYMENTS_ID, sign(body), body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.body()).as(body).startsWith("{\"error\":");
        }
        for (String path : List.of("ffffffffffffffffffffffff", DemoCatalog.CHAT_ID, DemoCatalog.PAYMENTS_ID + "/x",
                DemoCatalog.PAYMENTS_ID.toUpperCase(), "..%2F" + DemoCatalog.PAYMENTS_ID, "")) {
            assertThat(post(path, sign(BODY), BODY).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(post(DemoCatalog.PAYMENTS_ID, sign(BODY.replace("evt_test_1", "evt_after")), BODY.replace("evt_test_1", "evt_after"))
                .statusCode()).as("still serving").isEqualTo(200);
    }

    @Test
    void signedWebhook_isMirroredOnce_evenWhenRetried() throws Exception {
        List<WebhookReceived> received = new CopyOnWriteArrayList<>();
        client.integration(DemoCatalog.PROJECT_ID, DemoCatalog.PAYMENTS_ID).subscribeWebhooks(received::add)
                .orTimeout(5, TimeUnit.SECONDS).join();

        HttpResponse<String> first = post(DemoCatalog.PAYMENTS_ID, sign(BODY), BODY);
        HttpResponse<String> retry = post(DemoCatalog.PAYMENTS_ID, sign(BODY), BODY);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"mirrored\":true");
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).contains("duplicate");
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        assertThat(received.get(0).event()).isEqualTo("stripe.invoice.paid");
        assertThat(received.get(0).data()).containsEntry("invoiceId", "in_42");
    }

    @Test
    void deliveryThatWasNotMirrored_isMirroredWhenRetried() throws Exception {
        List<WebhookReceived> received = new CopyOnWriteArrayList<>();
        client.integration(DemoCatalog.PROJECT_ID, DemoCatalog.PAYMENTS_ID).subscribeWebhooks(received::add)
                .orTimeout(5, TimeUnit.SECONDS).join();
        String refused = "{\"id\":\"evt_test_2\",\"type\":\"not a webhook name\",\"data\":{}}";
        String fixed = "{\"id\":\"evt_test_2\",\"type\":\"stripe.invoice.voided\",\"data\":{}}";

        HttpResponse<String> first = post(DemoCatalog.PAYMENTS_ID, sign(refused), refused);
        HttpResponse<String> retry = post(DemoCatalog.PAYMENTS_ID, sign(fixed), fixed);

        assertThat(first.statusCode()).isEqualTo(400);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).contains("\"mirrored\":true");
        await().atMost(Duration.ofSeconds(5)).until(() -> received.stream().anyMatch(w -> w.event().equals("stripe.invoice.voided")));
    }

    @Test
    void badStaleOrMissingSignatures_areRefused() throws Exception {
        String stale = WebhookSigner.stripeSignatureHeader(DemoWebhookEndpoint.SECRET,
                Instant.now().minus(Duration.ofMinutes(10)), BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(post(DemoCatalog.PAYMENTS_ID, sign(BODY), BODY.replace("in_42", "in_43")).body())
                .contains("NO_MATCHING_SIGNATURE");
        assertThat(post(DemoCatalog.PAYMENTS_ID, stale, BODY).body()).contains("TIMESTAMP_OUTSIDE_TOLERANCE");
        assertThat(post(DemoCatalog.PAYMENTS_ID, null, BODY).body()).contains("MISSING_HEADER");
        assertThat(post("ffffffffffffffffffffffff", sign(BODY), BODY).statusCode()).isEqualTo(404);
        assertThat(post(DemoCatalog.PAYMENTS_ID, sign("[1,2]"), "[1,2]").statusCode()).isEqualTo(400);
    }
}
