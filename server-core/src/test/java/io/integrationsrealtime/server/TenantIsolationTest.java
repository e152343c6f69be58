package io.integrationsrealtime.server;

import static io.integrationsrealtime.server.TestBackend.OTHER_PROJECT;
import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.server.spi.IntegrationRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two projects whose integrations share an id (a host's ids may be unique per project only): their
 * rooms, pushes, room activity and replay logs never meet, while the wire keeps the room name
 * {@code integration:<id>}.
 */
class TenantIsolationTest {

    private static final List<String> EVENTS = List.of(Events.EXECUTION_STARTED, Events.EXECUTION_COMPLETED,
            Events.USAGE_UPDATED, Events.WEBHOOK_RECEIVED);
    private static final IntegrationRef MINE = new IntegrationRef(PROJECT, SHARED);
    private static final IntegrationRef THEIRS = new IntegrationRef(OTHER_PROJECT, SHARED);

    private static IntegrationsServer server;
    private final List<RawClient> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        server = TestAuth.server(new TestBackend()).build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(RawClient::close);
    }

    private RawClient client(String token) {
        RawClient client = new RawClient(server.port(), "/", EVENTS, options -> options.setAuth(Map.of("token", token)));
        clients.add(client);
        return client.connect();
    }

    private static JSONObject ids(IntegrationRef ref) {
        return new JSONObject().put("projectId", ref.projectId()).put("integrationId", ref.integrationId());
    }

    /** Joins the room and the webhook mirror; returns the room's head as the webhook reply tells it. */
    private static long enter(RawClient client, IntegrationRef ref) {
        JSONObject joined = client.requestJson(Events.JOIN, ids(ref));
        assertThat(joined.getString("room")).as("the wire's room name").isEqualTo("integration:" + SHARED);
        JSONObject subscribed = client.requestJson(Events.WEBHOOK_SUBSCRIBE, ids(ref));
        assertThat(subscribed.getString("room")).isEqualTo("integration:" + SHARED + ":webhooks");
        return subscribed.getLong("seq");
    }

    @Test
    void twoProjectsSharingAnIntegrationId_seeOnlyTheirOwnActivityAndPushes() throws Exception {
        RawClient mine = client(TestAuth.TOKEN);
        RawClient theirs = client(TestAuth.OTHER_PROJECT_TOKEN);
        RawClient theirCaller = client(TestAuth.OTHER_PROJECT_TOKEN);
        enter(mine, MINE);
        enter(theirs, THEIRS);

        // The other project's run, usage and webhook.
        JSONObject completed = theirCaller.requestJson(Events.EXECUTE, ids(THEIRS).put("endpoint", "getUserTweets"));
        server.publishUsage(THEIRS, Map.of("owner", "theirs"));
        server.publishWebhook(THEIRS, "stripe.invoice.paid", Map.of("owner", "theirs"));
        // Then ours: once it has arrived, anything of theirs sent to us before would have too.
        server.publishUsage(MINE, Map.of("owner", "mine"));
        server.publishWebhook(MINE, "stripe.invoice.paid", Map.of("owner", "mine"));

        assertThat(theirs.next(Events.EXECUTION_STARTED).getString("executionId")).isEqualTo(completed.getString("executionId"));
        assertThat(theirs.next(Events.EXECUTION_COMPLETED).getString("executionId")).isEqualTo(completed.getString("executionId"));
        assertThat(theirs.next(Events.USAGE_UPDATED).getJSONObject("usage").getString("owner")).isEqualTo("theirs");
        assertThat(theirs.next(Events.WEBHOOK_RECEIVED).getJSONObject("data").getString("owner")).isEqualTo("theirs");
        assertThat(mine.next(Events.USAGE_UPDATED).getJSONObject("usage").getString("owner")).isEqualTo("mine");
        assertThat(mine.next(Events.WEBHOOK_RECEIVED).getJSONObject("data").getString("owner")).isEqualTo("mine");
        theirs.requestJson(Events.STATUS, ids(THEIRS));
        mine.requestJson(Events.STATUS, ids(MINE));
        for (String event : EVENTS) {
            assertThat(mine.pending(event)).as("our socket's other %s", event).isZero();
            assertThat(theirs.pending(event)).as("their socket's other %s", event).isZero();
        }
    }

    @Test
    void replayAfterReconnect_holdsOnlyTheProjectsOwnEvents() throws Exception {
        // The room has a history (a client of an empty room re-joining with lastSeq 0 is told of a gap).
        server.publishWebhook(MINE, "stripe.invoice.paid", Map.of("owner", "mine", "n", 0));
        RawClient first = client(TestAuth.TOKEN);
        long seen = enter(first, MINE);
        first.close();   // disconnected; meanwhile both projects' integrations get webhooks

        for (int n = 1; n <= 3; n++) {
            server.publishWebhook(THEIRS, "stripe.invoice.paid", Map.of("owner", "theirs", "n", n));
        }
        server.publishWebhook(MINE, "stripe.invoice.paid", Map.of("owner", "mine", "n", 1));
        server.publishWebhook(THEIRS, "stripe.invoice.paid", Map.of("owner", "theirs", "n", 4));
        server.publishWebhook(MINE, "stripe.invoice.paid", Map.of("owner", "mine", "n", 2));

        RawClient again = client(TestAuth.TOKEN);
        JSONObject rejoined = again.requestJson(Events.WEBHOOK_SUBSCRIBE, ids(MINE).put("lastSeq", seen));

        assertThat(rejoined.getInt("replayed")).isEqualTo(2);
        assertThat(rejoined.getBoolean("gap")).isFalse();
        assertThat(rejoined.getLong("seq")).isEqualTo(seen + 2);
        for (int n = 1; n <= 2; n++) {
            JSONObject replayed = again.next(Events.WEBHOOK_RECEIVED);
            assertThat(replayed.getJSONObject("data").getString("owner")).isEqualTo("mine");
            assertThat(replayed.getJSONObject("data").getInt("n")).isEqualTo(n);
            assertThat(replayed.getLong("seq")).isEqualTo(seen + n);
        }
        again.requestJson(Events.STATUS, ids(MINE));
        assertThat(again.pending(Events.WEBHOOK_RECEIVED)).isZero();
    }
}
