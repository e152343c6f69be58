package io.integrationsrealtime.server;

import static io.integrationsrealtime.server.TestBackend.OTHER_PROJECT;
import static io.integrationsrealtime.server.TestBackend.PAYMENTS;
import static io.integrationsrealtime.server.TestBackend.PAYMENTS_REF;
import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static io.integrationsrealtime.server.TestBackend.TWEETS_REF;
import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.protocol.Events;
import java.util.List;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The wire protocol as a plain Socket.IO client sees it, over a real loopback socket. */
class ServerFlowsTest {

    private static final List<String> ALL_EVENTS = List.of(Events.JOINED, Events.LEFT, Events.EXECUTION_STARTED,
            Events.EXECUTION_COMPLETED, Events.EXECUTION_FAILED, Events.TEST_STARTED, Events.TEST_COMPLETED,
            Events.TEST_FAILED, Events.STATUS_RESPONSE, Events.WEBHOOK_SUBSCRIBED, Events.WEBHOOK_UNSUBSCRIBED,
            Events.WEBHOOK_RECEIVED, Events.USAGE_UPDATED, Events.ERROR);

    private static TestBackend backend;
    private static IntegrationsServer server;
    private final java.util.List<RawClient> clients = new java.util.ArrayList<>();

    @BeforeAll
    static void startServer() {
        backend = new TestBackend();
        server = TestAuth.server(backend).build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(RawClient::close);
    }

    private RawClient client() {
        RawClient client = new RawClient(server.port(), ALL_EVENTS).connect();
        clients.add(client);
        return client;
    }

    private static JSONObject ids(String projectId, String integrationId) {
        return new JSONObject().put("projectId", projectId).put("integrationId", integrationId);
    }

    private static JSONObject execute(String endpoint) {
        return ids(PROJECT, TWEETS).put("endpoint", endpoint)
                .put("params", new JSONObject().put("userId", "123")).put("requestData", new JSONObject());
    }

    @Test
    void seedJoinWithoutAck_answersJoinedEventWithTheSeedShape() throws Exception {
        RawClient client = client();

        client.emit(Events.JOIN, ids(PROJECT, TWEETS));

        JSONObject joined = client.next(Events.JOINED);
        assertThat(joined.getString("integrationId")).isEqualTo(TWEETS);
        assertThat(joined.getString("projectId")).isEqualTo(PROJECT);
        assertThat(joined.getString("room")).isEqualTo("integration:" + TWEETS);
        assertThat(joined.getString("requestId")).isNotBlank();
    }

    @Test
    void requestWithAck_getsTheOutcomeInTheAckOnly() throws Exception {
        RawClient client = client();

        JSONObject ack = client.requestJson(Events.JOIN, ids(PROJECT, TWEETS).put("requestId", "r-1"));
        // Events on one socket arrive in order: once a later reply is in, an earlier event would be too.
        client.requestJson(Events.STATUS, ids(PROJECT, TWEETS));

        assertThat(ack.getString("room")).isEqualTo("integration:" + TWEETS);
        assertThat(ack.getString("requestId")).isEqualTo("r-1");
        assertThat(ack.has("error")).isFalse();
        assertThat(client.pending(Events.JOINED)).isZero();
        assertThat(client.pending(Events.STATUS_RESPONSE)).isZero();
    }

    @Test
    void execute_callerGetsFullResult_othersGetStartedAndSummary() throws Exception {
        RawClient caller = client();
        RawClient other = client();
        caller.requestJson(Events.JOIN, ids(PROJECT, TWEETS));
        other.requestJson(Events.JOIN, ids(PROJECT, TWEETS));

        caller.emit(Events.EXECUTE, execute("getUserTweets").put("requestId", "mine"));

        JSONObject completed = caller.next(Events.EXECUTION_COMPLETED);
        assertThat(completed.getString("integrationId")).isEqualTo(TWEETS);
        assertThat(completed.getString("endpoint")).isEqualTo("getUserTweets");
        assertThat(completed.getJSONObject("result").getBoolean("success")).isTrue();
        assertThat(completed.getJSONObject("result").getJSONObject("data").getString("userId")).isEqualTo("123");
        assertThat(completed.getString("requestId")).isEqualTo("mine");
        assertThat(completed.getString("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        JSONObject started = other.next(Events.EXECUTION_STARTED);
        JSONObject summary = other.next(Events.EXECUTION_COMPLETED);
        assertThat(started.getString("executionId")).isEqualTo(completed.getString("executionId"));
        assertThat(summary.getString("executionId")).isEqualTo(completed.getString("executionId"));
        assertThat(summary.getJSONObject("result").toMap()).containsOnlyKeys("success");
        assertThat(summary.has("requestId")).isFalse();
        assertThat(started.has("requestId")).isFalse();
        assertThat(caller.pending(Events.EXECUTION_STARTED)).isZero();
    }

    @Test
    void failingEndpoint_callerGetsDetails_othersDoNot() throws Exception {
        RawClient caller = client();
        RawClient other = client();
        other.requestJson(Events.JOIN, ids(PROJECT, TWEETS));

        JSONObject failed = caller.requestJson(Events.EXECUTE, execute("upstreamDown"));

        assertThat(failed.getJSONObject("error").getString("code")).isEqualTo("UPSTREAM_ERROR");
        assertThat(failed.getJSONObject("error").getJSONObject("details").getInt("status")).isEqualTo(503);
        JSONObject seen = other.next(Events.EXECUTION_FAILED);
        assertThat(seen.getJSONObject("error").getString("code")).isEqualTo("UPSTREAM_ERROR");
        assertThat(seen.getJSONObject("error").has("details")).isFalse();
    }

    @Test
    void throwingBackend_isInternalWithoutTheHostsMessage() throws Exception {
        RawClient caller = client();

        JSONObject failed = caller.requestJson(Events.EXECUTE, execute("throws"));

        assertThat(failed.getJSONObject("error").getString("code")).isEqualTo("INTERNAL");
        assertThat(failed.toString()).doesNotContain(TestBackend.SECRET).doesNotContain("IllegalStateException");
        assertThat(caller.requestJson(Events.STATUS, ids(PROJECT, TWEETS)).has("status")).isTrue();
    }

    @Test
    void test_startedGoesToRoomAndCaller_failureCarriesItsCode() throws Exception {
        RawClient caller = client();
        RawClient other = client();
        other.requestJson(Events.JOIN, ids(PROJECT, TWEETS));

        caller.emit(Events.TEST, ids(PROJECT, TWEETS).put("endpoint", "healthCheck"));

        assertThat(caller.next(Events.TEST_STARTED).getString("endpoint")).isEqualTo("healthCheck");
        JSONObject completed = caller.next(Events.TEST_COMPLETED);
        assertThat(completed.getJSONObject("result").getJSONObject("data").getInt("latencyMs")).isEqualTo(12);
        assertThat(other.next(Events.TEST_STARTED).has("requestId")).isFalse();
        assertThat(other.next(Events.TEST_COMPLETED).getJSONObject("result").has("data")).isFalse();

        JSONObject failed = caller.requestJson(Events.TEST, ids(PROJECT, PAYMENTS));
        assertThat(failed.getJSONObject("error").getString("code")).isEqualTo("UPSTREAM_ERROR");
    }

    @Test
    void status_hasTheSeedShapeWithExplicitNulls() throws Exception {
        RawClient client = client();

        client.emit(Events.STATUS, ids(PROJECT, PAYMENTS));
        JSONObject response = client.next(Events.STATUS_RESPONSE);

        JSONObject status = response.getJSONObject("status");
        assertThat(status.getBoolean("isActive")).isTrue();
        assertThat(status.getJSONObject("usage").getInt("requests")).isEqualTo(1);
        assertThat(status.has("rateLimit")).isTrue();
        assertThat(status.isNull("rateLimit")).isTrue();
        assertThat(status.isNull("lastUsed")).isTrue();

        JSONObject tweets = client.requestJson(Events.STATUS, ids(PROJECT, TWEETS)).getJSONObject("status");
        assertThat(tweets.getJSONObject("rateLimit").getLong("remaining")).isEqualTo(899);
        assertThat(tweets.getString("lastUsed")).isEqualTo("2026-03-17T22:00:00.000Z");
    }

    @Test
    void webhooks_reachSubscribersOnly_usageReachesTheRoom() throws Exception {
        RawClient subscriber = client();
        RawClient joinedOnly = client();
        subscriber.requestJson(Events.WEBHOOK_SUBSCRIBE, ids(PROJECT, PAYMENTS));
        joinedOnly.requestJson(Events.JOIN, ids(PROJECT, PAYMENTS));

        server.publishWebhook(PAYMENTS_REF, "stripe.invoice.paid", java.util.Map.of("invoiceId", "in_1"));
        server.publishUsage(PAYMENTS_REF, java.util.Map.of("requests", 7));

        JSONObject webhook = subscriber.next(Events.WEBHOOK_RECEIVED);
        assertThat(webhook.getString("event")).isEqualTo("stripe.invoice.paid");
        assertThat(webhook.getJSONObject("data").getString("invoiceId")).isEqualTo("in_1");
        assertThat(joinedOnly.next(Events.USAGE_UPDATED).getJSONObject("usage").getInt("requests")).isEqualTo(7);
        // The subscriber did not join the room; the joined socket did not subscribe.
        joinedOnly.requestJson(Events.STATUS, ids(PROJECT, PAYMENTS));
        subscriber.requestJson(Events.STATUS, ids(PROJECT, PAYMENTS));
        assertThat(joinedOnly.pending(Events.WEBHOOK_RECEIVED)).isZero();
        assertThat(subscriber.pending(Events.USAGE_UPDATED)).isZero();

        subscriber.requestJson(Events.WEBHOOK_UNSUBSCRIBE, ids(PROJECT, PAYMENTS));
        server.publishWebhook(PAYMENTS_REF, "stripe.invoice.paid", java.util.Map.of());
        subscriber.requestJson(Events.STATUS, ids(PROJECT, PAYMENTS));
        assertThat(subscriber.pending(Events.WEBHOOK_RECEIVED)).isZero();
    }

    @Test
    void leave_stopsRoomEvents() throws Exception {
        RawClient client = client();
        client.requestJson(Events.JOIN, ids(PROJECT, TWEETS));

        JSONObject left = client.requestJson(Events.LEAVE, ids(PROJECT, TWEETS));
        server.publishUsage(TWEETS_REF, java.util.Map.of("requests", 1));
        client.requestJson(Events.STATUS, ids(PROJECT, TWEETS));

        assertThat(left.getString("room")).isEqualTo("integration:" + TWEETS);
        assertThat(client.pending(Events.USAGE_UPDATED)).isZero();
    }

    @Test
    void unknownIntegrationAndOtherProjectsIntegration_answerTheSame() {
        RawClient client = client();

        JSONObject missing = client.requestJson(Events.JOIN, ids(PROJECT, "aaaaaaaaaaaaaaaaaaaaaaaa"));
        JSONObject foreign = client.requestJson(Events.JOIN, ids(PROJECT, TestBackend.FOREIGN));
        JSONObject otherProject = client.requestJson(Events.JOIN, ids(OTHER_PROJECT, TestBackend.FOREIGN));

        assertThat(otherProject.getJSONObject("error").getString("code")).isEqualTo("FORBIDDEN");

        assertThat(missing.getJSONObject("error").toString()).isEqualTo(foreign.getJSONObject("error").toString());
        assertThat(missing.getJSONObject("error").getString("code")).isEqualTo("NOT_FOUND");
        assertThat(missing.getString("event")).isEqualTo(Events.JOIN);
    }

    @Test
    void invalidPayloads_areRefusedAndTheConnectionStaysUsable() throws Exception {
        RawClient client = client();

        JSONObject notAnObject = client.requestJson(Events.EXECUTE, "just a string");
        JSONObject badParams = client.requestJson(Events.EXECUTE, execute("getUserTweets").put("params", 5).put("requestId", "r-9"));
        JSONObject badEndpoint = client.requestJson(Events.EXECUTE, execute("../../etc/passwd"));
        JSONObject badTest = client.requestJson(Events.TEST, ids(PROJECT, TWEETS).put("endpoint", "getUserTweets"));
        client.emit(Events.JOIN, ids("nope", TWEETS));

        assertThat(notAnObject.getJSONObject("error").getString("code")).isEqualTo("INVALID_REQUEST");
        assertThat(badParams.getJSONObject("error").getString("message")).isEqualTo("field 'params' has the wrong type");
        assertThat(badParams.getString("requestId")).isEqualTo("r-9");
        assertThat(badEndpoint.getJSONObject("error").getString("code")).isEqualTo("INVALID_REQUEST");
        assertThat(badTest.getJSONObject("error").getString("code")).isEqualTo("INVALID_REQUEST");
        JSONObject error = client.next(Events.ERROR);
        assertThat(error.getString("event")).isEqualTo(Events.JOIN);
        assertThat(error.getJSONObject("error").getString("code")).isEqualTo("INVALID_REQUEST");
        assertThat(client.requestJson(Events.JOIN, ids(PROJECT, TWEETS)).has("room")).isTrue();
        assertThat(client.connected()).isTrue();
    }

    @Test
    void scalarsForStringFields_areRefused_notEchoedAsText() throws Exception {
        RawClient client = client();

        JSONObject numberId = client.requestJson(Events.JOIN, ids(PROJECT, TWEETS).put("requestId", 12345));
        JSONObject floatId = client.requestJson(Events.STATUS, ids(PROJECT, TWEETS).put("requestId", 1.5));
        JSONObject booleanId = client.requestJson(Events.EXECUTE, execute("getUserTweets").put("requestId", true));
        JSONObject numberIntegration = client.requestJson(Events.JOIN,
                ids(PROJECT, TWEETS).put("integrationId", 64).put("requestId", "r-10"));
        client.emit(Events.JOIN, ids(PROJECT, TWEETS).put("requestId", 12345));

        for (JSONObject refusal : List.of(numberId, floatId, booleanId)) {
            assertThat(refusal.getJSONObject("error").getString("code")).isEqualTo("INVALID_REQUEST");
            assertThat(refusal.getJSONObject("error").getString("message")).isEqualTo("field 'requestId' has the wrong type");
            // Only a well-formed textual requestId is echoed; a number has no text to correlate with.
            assertThat(refusal.has("requestId")).isFalse();
        }
        assertThat(numberIntegration.getJSONObject("error").getString("message"))
                .isEqualTo("field 'integrationId' has the wrong type");
        assertThat(numberIntegration.getString("requestId")).isEqualTo("r-10");
        JSONObject error = client.next(Events.ERROR);
        assertThat(error.getJSONObject("error").getString("message")).isEqualTo("field 'requestId' has the wrong type");
        assertThat(error.has("requestId")).isFalse();
        assertThat(client.requestJson(Events.JOIN, ids(PROJECT, TWEETS).put("requestId", "12345")).getString("requestId"))
                .isEqualTo("12345");
        assertThat(client.connected()).isTrue();
    }

    @Test
    void backendNeverRunsOnANettyThread() {
        RawClient client = client();

        client.requestJson(Events.EXECUTE, execute("getUserTweets"));
        client.requestJson(Events.STATUS, ids(PROJECT, TWEETS));

        assertThat(backend.threads).isNotEmpty().allMatch(name -> name.startsWith("integrations-backend-"));
    }
}
