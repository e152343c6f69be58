package io.integrationsrealtime.server;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.protocol.Events;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Authentication, authorization, limits and stray input, through real sockets. */
class SecurityTest {

    private static final List<String> EVENTS = List.of(Events.JOINED, Events.ERROR, Events.USAGE_UPDATED);

    private static IntegrationsServer server;
    private final List<RawClient> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        server = TestAuth.server(new TestBackend())
                .limits(Limits.DEFAULTS.withRate(20, 20).withMaxInFlight(4).withMaxRooms(2).withMaxPayloadBytes(2048)
                        .withAuthTimeout(Duration.ofMillis(500)))
                .allowedOrigins("http://allowed.test")
                .build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(RawClient::close);
    }

    private RawClient client(java.util.function.UnaryOperator<io.socket.client.SocketOptionBuilder> options) {
        RawClient client = new RawClient(server.port(), "/", EVENTS, options);
        clients.add(client);
        return client;
    }

    private RawClient withToken(String token) {
        return client(options -> options.setAuth(Map.of("token", token)));
    }

    private static JSONObject ids() {
        return new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS);
    }

    /** socket.io-client-java keeps connected() true after a connect_error, so look on the server. */
    private static void assertServerDropped(RawClient client) {
        java.util.UUID session = java.util.UUID.fromString(client.id());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.namespace().getClient(session) == null);
    }

    private static String code(JSONObject reply) {
        return reply.getJSONObject("error").getString("code");
    }

    @Test
    void wrongToken_getsAConnectErrorObject() {
        JSONObject error = withToken("nope").connectError();

        assertThat(error.getString("code")).isEqualTo("UNAUTHENTICATED");
        assertThat(error.getString("message")).isEqualTo("invalid token");
    }

    @Test
    void noTokenAtAll_isRefusedAtItsConnect() {
        // The CONNECT is refused instead of accepted (Socket.IO v5: auth is checked before the
        // namespace is connected); a transport that never sends a CONNECT is closed after the
        // auth timeout (EngineIoSpecTest).
        JSONObject error = client(options -> options).connectError();

        assertThat(error.getString("code")).isEqualTo("UNAUTHENTICATED");
        assertThat(error.getString("message")).isEqualTo("authentication required: send a token");
    }

    @Test
    void tokenInBearerHeaderOrQuery_isAccepted() {
        RawClient header = client(options -> options.setExtraHeaders(Map.of("Authorization", List.of("Bearer " + TestAuth.TOKEN)))).connect();
        RawClient query = client(options -> options.setQuery("token=" + TestAuth.TOKEN)).connect();

        assertThat(header.requestJson(Events.JOIN, ids()).has("room")).isTrue();
        assertThat(query.requestJson(Events.JOIN, ids()).has("room")).isTrue();
    }

    @Test
    void slowAuthenticator_requestsWaitForIt() {
        RawClient slow = withToken(TestAuth.SLOW_TOKEN).connect();

        assertThat(slow.requestJson(Events.JOIN, ids()).has("room")).isTrue();
    }

    @Test
    void expiredToken_isRefusedAndDisconnected() throws Exception {
        RawClient late = withToken(TestAuth.EXPIRED_TOKEN).connect();
        CompletableFuture<Object> refused = late.lateConnectError();

        JSONObject reply = late.requestJson(Events.STATUS, ids());

        assertThat(code(reply)).isEqualTo("UNAUTHENTICATED");
        assertThat(reply.getJSONObject("error").getString("message")).contains("expired");
        assertThat(refused.get(5, TimeUnit.SECONDS).toString()).contains("UNAUTHENTICATED");
        assertServerDropped(late);
    }

    @Test
    void otherProjectsPrincipal_isForbiddenOnEveryRequest() {
        RawClient outsider = withToken(TestAuth.OTHER_PROJECT_TOKEN).connect();

        for (String event : List.of(Events.JOIN, Events.STATUS, Events.WEBHOOK_SUBSCRIBE)) {
            assertThat(code(outsider.requestJson(event, ids()))).as(event).isEqualTo("FORBIDDEN");
        }
        assertThat(code(outsider.requestJson(Events.EXECUTE, ids().put("endpoint", "getUserTweets")))).isEqualTo("FORBIDDEN");
        assertThat(code(outsider.requestJson(Events.TEST, ids()))).isEqualTo("FORBIDDEN");
    }

    @Test
    void unknownEventsAndMalformedJson_getTypedErrors() {
        RawClient client = withToken(TestAuth.TOKEN).connect();

        JSONObject unknown = client.requestJson("integration:delete", ids());

        assertThat(code(unknown)).isEqualTo("UNKNOWN_EVENT");
        assertThat(unknown.getString("event")).isEqualTo("integration:delete");
        assertThat(client.requestJson(Events.JOIN, ids()).has("room")).isTrue();
    }

    @Test
    void oversizedPayload_isRefused_andTheConnectionStaysUsable() {
        RawClient client = withToken(TestAuth.TOKEN).connect();

        JSONObject reply = client.requestJson(Events.EXECUTE, ids().put("endpoint", "echo")
                .put("params", new JSONObject().put("blob", "x".repeat(4000))));

        assertThat(code(reply)).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(client.requestJson(Events.STATUS, ids()).has("status")).isTrue();
    }

    @Test
    void flood_isRateLimitedWithRetryAfter() {
        RawClient client = withToken(TestAuth.TOKEN).connect();
        List<CompletableFuture<Object>> replies = new ArrayList<>();

        for (int i = 0; i < 60; i++) {
            replies.add(client.request(Events.LEAVE, ids()));
        }

        List<JSONObject> limited = replies.stream().map(CompletableFuture::join).map(JSONObject.class::cast)
                .filter(r -> r.has("error") && "RATE_LIMITED".equals(code(r))).toList();
        assertThat(limited).isNotEmpty();
        assertThat(limited.get(0).getJSONObject("error").getDouble("retryAfter")).isPositive();
        assertThat(limited.get(0).getJSONObject("error").getBoolean("retryable")).isTrue();
    }

    @Test
    void roomLimit_isEnforced() {
        RawClient client = withToken(TestAuth.TOKEN).connect();

        client.requestJson(Events.JOIN, ids());
        client.requestJson(Events.WEBHOOK_SUBSCRIBE, ids());
        JSONObject third = client.requestJson(Events.JOIN,
                new JSONObject().put("projectId", PROJECT).put("integrationId", TestBackend.PAYMENTS));

        assertThat(code(third)).isEqualTo("LIMIT_EXCEEDED");
        assertThat(client.requestJson(Events.JOIN, ids()).has("room")).as("re-joining a room it is in").isTrue();
    }

    @Test
    void browserOriginsMustBeAllowed() {
        RawClient allowed = client(options -> options.setAuth(Map.of("token", TestAuth.TOKEN))
                .setExtraHeaders(Map.of("Origin", List.of("http://allowed.test")))).connect();
        RawClient evil = client(options -> options.setAuth(Map.of("token", TestAuth.TOKEN))
                .setExtraHeaders(Map.of("Origin", List.of("http://evil.test"))));

        assertThat(allowed.connected()).isTrue();
        assertThat(evil.connectFails()).isTrue();
    }
}
