package io.integrationsrealtime.server;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.protocol.Events;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A requestId is an idempotency key: repeated with the same request it returns the first outcome;
 * repeated with a different endpoint, params or requestData it is refused with
 * IDEMPOTENCY_KEY_REUSED instead of answering with another request's result (a dashboard that
 * restarted its ids at every page load showed {userId: 42}'s tweets for {userId: 999}).
 */
class RequestIdReuseTest {

    private static final TestBackend backend = new TestBackend();
    private static IntegrationsServer server;
    private RawClient client;

    @BeforeAll
    static void startServer() {
        server = TestAuth.server(backend).build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void connect() {
        client = new RawClient(server.port(), List.of()).connect();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private static JSONObject execute(String endpoint, JSONObject params, String requestId) {
        return new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS).put("endpoint", endpoint)
                .put("params", params).put("requestId", requestId);
    }

    @Test
    void sameRequestIdWithOtherParams_isRefused_afterTheFirstFinished() {
        JSONObject first = client.requestJson(Events.EXECUTE, execute("getUserTweets", new JSONObject().put("userId", 42), "dash-1"));
        assertThat(first.getJSONObject("result").getJSONObject("data").getInt("userId")).isEqualTo(42);

        JSONObject reused = client.requestJson(Events.EXECUTE, execute("getUserTweets", new JSONObject().put("userId", 999), "dash-1"));

        assertThat(reused.has("result")).as(reused.toString()).isFalse();
        JSONObject error = reused.getJSONObject("error");
        assertThat(error.getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(error.getBoolean("retryable")).isFalse();
        assertThat(reused.getString("requestId")).isEqualTo("dash-1");
    }

    @Test
    void sameRequestIdWithOtherEndpointOrRequestData_isRefused_whileTheFirstRuns() {
        CompletableFuture<Object> running = client.request(Events.EXECUTE,
                execute("slow", new JSONObject().put("ms", 300), "order-7"));

        JSONObject otherEndpoint = client.requestJson(Events.EXECUTE, execute("count", new JSONObject().put("ms", 300), "order-7"));
        JSONObject otherData = client.requestJson(Events.EXECUTE,
                execute("slow", new JSONObject().put("ms", 300), "order-7").put("requestData", new JSONObject().put("k", 1)));

        assertThat(otherEndpoint.getJSONObject("error").getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(otherData.getJSONObject("error").getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(((JSONObject) running.join()).has("result")).isTrue();
        assertThat(backend.counted.get()).isZero();
    }

    @Test
    void sameRequestIdWithTheSameContentInAnotherKeyOrder_getsTheFirstOutcome() {
        JSONObject params = new JSONObject().put("a", 1).put("b", new JSONObject().put("x", List.of(1, 2)).put("y", "z"));
        JSONObject first = client.requestJson(Events.EXECUTE, execute("echo", params, "r-9"));
        String reordered = "{\"b\":{\"y\":\"z\",\"x\":[1,2]},\"a\":1}";

        JSONObject again = client.requestJson(Events.EXECUTE, execute("echo", new JSONObject(reordered), "r-9"));

        assertThat(again.getString("executionId")).isEqualTo(first.getString("executionId"));
        JSONObject listOrderMatters = client.requestJson(Events.EXECUTE,
                execute("echo", new JSONObject("{\"a\":1,\"b\":{\"x\":[2,1],\"y\":\"z\"}}"), "r-9"));
        assertThat(listOrderMatters.getJSONObject("error").getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }
}
