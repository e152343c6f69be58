package io.integrationsrealtime.server.hostile;

import static io.integrationsrealtime.server.TestBackend.PAYMENTS;
import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.RawClient;
import io.integrationsrealtime.server.TestAuth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.json.JSONObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * Floods against a server with low limits (20 requests/s, bursts of 20, 4 in flight, 3 rooms,
 * 2 KiB payloads, 300 ms to authenticate), beside a well-behaved client of the same server.
 */
final class Floods {

    static int tokenlessSockets;

    private final IntegrationsServer server;
    private final GatedBackend backend;
    private final HostileClientSuiteTest.Figures figures;
    private final UnaryOperator<FrameClient> track;
    private final List<FrameClient> unauthenticated;
    private final List<DynamicTest> tests = new ArrayList<>();

    Floods(IntegrationsServer server, GatedBackend backend, HostileClientSuiteTest.Figures figures,
           UnaryOperator<FrameClient> track, List<FrameClient> unauthenticated) {
        this.server = server;
        this.backend = backend;
        this.figures = figures;
        this.track = track;
        this.unauthenticated = unauthenticated;
    }

    List<DynamicTest> cases() {
        RawClient neighbour = new RawClient(server.port(), HostileClientSuiteTest.SERVER_EVENTS).connect();
        try {
            assertThat(neighbour.requestJson(Events.JOIN, json(TWEETS)).has("room")).isTrue();
            requestFlood();
            executeFlood();
            inFlightFlood();
            roomFlood();
            strayFlood("unknown events", "42%d[\"integration:nope\",{}]");
            strayFlood("malformed JSON", "42%d[\"integration:join\",{");
            oversizeFlood();
            pingFlood();
            tokenlessConnectionFlood();
            transportsThatNeverConnect();
            badTokenFlood();
            unauthenticatedRequestFlood(null, "no token");
            unauthenticatedRequestFlood(TestAuth.EXPIRED_TOKEN, "expired token");
            // The neighbour still works and saw nothing of the floods.
            JSONObject status = neighbour.requestJson(Events.STATUS, json(TWEETS));
            JSONObject run = neighbour.requestJson(Events.EXECUTE, json(TWEETS).put("endpoint", "getUserTweets"));
            Map<String, Integer> seen = new TreeMap<>();
            for (String event : HostileClientSuiteTest.SERVER_EVENTS) {
                if (neighbour.pending(event) > 0) {
                    seen.put(event, neighbour.pending(event));
                }
            }
            tests.add(DynamicTest.dynamicTest("floods: the neighbour kept working and received nothing of the floods", () -> {
                assertThat(status.has("status")).as(status.toString()).isTrue();
                assertThat(run.has("error")).as(run.toString()).isFalse();
                assertThat(seen).isEmpty();
            }));
        } finally {
            neighbour.close();
        }
        return tests;
    }

    private void requestFlood() {
        FrameClient client = connected(TestAuth.TOKEN);
        List<Map<String, Object>> replies = burst(client, 200, id -> HostileCases.frame(id, Events.LEAVE, HostileCases.ids(PROJECT, PAYMENTS)));
        Map<String, Integer> counts = count(replies);
        Map<String, Object> limited = replies.stream().filter(r -> code(r).equals("RATE_LIMITED")).findFirst().orElse(Map.of());
        // After retryAfter, the connection may send again.
        await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(5)).until(() ->
                !code(HostileClientSuiteTest.ackOf(client, Events.STATUS, HostileCases.ids(PROJECT, PAYMENTS))).equals("RATE_LIMITED"));
        record("200 leave requests in one burst", 200, counts, () -> {
            assertThat(replies).hasSize(200);
            assertThat(counts.getOrDefault("RATE_LIMITED", 0)).isGreaterThanOrEqualTo(150);
            assertThat(counts.getOrDefault("ok", 0)).isGreaterThanOrEqualTo(20);
            Map<?, ?> error = (Map<?, ?>) limited.get("error");
            assertThat(((Number) error.get("retryAfter")).doubleValue()).isPositive();
            assertThat(error.get("retryable")).isEqualTo(true);
        });
        client.close();
    }

    private void executeFlood() {
        FrameClient client = connected(TestAuth.TOKEN);
        int before = backend.runs(PAYMENTS);
        List<Map<String, Object>> replies = burst(client, 100, id -> HostileCases.frame(id, Events.EXECUTE,
                HostileCases.valid(Events.EXECUTE, PROJECT, PAYMENTS)));
        Map<String, Integer> counts = count(replies);
        int ran = backend.runs(PAYMENTS) - before;
        record("100 executes in one burst", 100, counts, () -> {
            assertThat(counts.getOrDefault("RATE_LIMITED", 0)).isGreaterThanOrEqualTo(70);
            assertThat(ran).as("executions that reached the backend").isEqualTo(counts.getOrDefault("ok", 0)).isLessThanOrEqualTo(30);
        });
        client.close();
    }

    private void inFlightFlood() {
        FrameClient client = connected(TestAuth.TOKEN);
        int hangingBefore = backend.hanging.get();
        List<CompletableFuture<Map<String, Object>>> replies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            replies.add(HostileClientSuiteTest.ackAsync(client, Events.EXECUTE,
                    HostileCases.valid(Events.EXECUTE, PROJECT, PAYMENTS).put("endpoint", "hang")));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> replies.stream().filter(CompletableFuture::isDone).count() == 6
                && backend.hanging.get() - hangingBefore == 4);
        Map<String, Integer> refused = count(replies.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).toList());
        backend.release();
        Map<String, Integer> counts = count(replies.stream().map(CompletableFuture::join).toList());
        record("10 slow executes at once (limit 4 in flight)", 10, counts, () -> {
            assertThat(refused).isEqualTo(Map.of("LIMIT_EXCEEDED", 6));
            assertThat(counts).isEqualTo(Map.of("LIMIT_EXCEEDED", 6, "ok", 4));
        });
        client.close();
    }

    private void roomFlood() {
        FrameClient client = connected(TestAuth.TOKEN);
        List<String> outcomes = new ArrayList<>();
        outcomes.add(code(HostileClientSuiteTest.ackOf(client, Events.JOIN, HostileCases.ids(PROJECT, PAYMENTS))));
        outcomes.add(code(HostileClientSuiteTest.ackOf(client, Events.WEBHOOK_SUBSCRIBE, HostileCases.ids(PROJECT, PAYMENTS))));
        outcomes.add(code(HostileClientSuiteTest.ackOf(client, Events.JOIN, HostileCases.ids(PROJECT, TWEETS))));
        outcomes.add(code(HostileClientSuiteTest.ackOf(client, Events.WEBHOOK_SUBSCRIBE, HostileCases.ids(PROJECT, TWEETS))));
        outcomes.add(code(HostileClientSuiteTest.ackOf(client, Events.JOIN, HostileCases.ids(PROJECT, PAYMENTS))));
        Map<String, Integer> counts = new TreeMap<>();
        outcomes.forEach(o -> counts.merge(o, 1, Integer::sum));
        record("joins and subscriptions over the room limit (3)", 5, counts, () ->
                assertThat(outcomes).containsExactly("ok", "ok", "ok", "LIMIT_EXCEEDED", "ok"));
        client.close();
    }

    private void strayFlood(String what, String template) {
        FrameClient client = connected(TestAuth.TOKEN);
        List<Map<String, Object>> replies = burst(client, 200, id -> template.replace("%d", Integer.toString(id)));
        Map<String, Integer> counts = count(replies);
        boolean usable = !code(HostileClientSuiteTest.ackOf(client, Events.STATUS, HostileCases.ids(PROJECT, PAYMENTS))).isEmpty();
        record("200 " + what + " in one burst", 200, counts, () -> {
            assertThat(replies).hasSize(200);
            assertThat(counts.getOrDefault("RATE_LIMITED", 0)).as("rate-limited like any request").isGreaterThanOrEqualTo(150);
            assertThat(usable).isTrue();
        });
        client.close();
    }

    private void oversizeFlood() {
        FrameClient client = connected(TestAuth.TOKEN);
        List<Map<String, Object>> replies = burst(client, 50, id -> HostileCases.frame(id, Events.EXECUTE,
                HostileCases.withRaw(HostileCases.valid(Events.EXECUTE, PROJECT, PAYMENTS), "params", "{\"b\":\"" + "x".repeat(3000) + "\"}")));
        Map<String, Integer> counts = count(replies);
        record("50 payloads over 2 KiB in one burst", 50, counts, () -> {
            assertThat(counts.keySet()).containsOnly("PAYLOAD_TOO_LARGE", "RATE_LIMITED");
            assertThat(counts.getOrDefault("PAYLOAD_TOO_LARGE", 0)).isBetween(20, 25);
        });
        client.close();
    }

    private void pingFlood() {
        // Engine.IO v4 heartbeats go from server to client: the first client ping ends the connection.
        FrameClient client = connected(TestAuth.TOKEN);
        for (int i = 0; i < 500; i++) {
            client.send("2");
        }
        List<String> answers = client.untilClosed(Duration.ofSeconds(5));
        Map<String, Integer> counts = new TreeMap<>();
        answers.forEach(frame -> counts.merge(frame.length() > 10 ? frame.substring(0, 10) : frame, 1, Integer::sum));
        boolean closed = client.isClosed();
        counts.put(closed ? "closed" : "still open", 1);
        record("500 Engine.IO pings from the client", 500, counts, () -> assertThat(counts).isEqualTo(Map.of("closed", 1)));
        client.close();
    }

    private void tokenlessConnectionFlood() {
        List<FrameClient> sockets = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            FrameClient socket = open();
            socket.awaitOpen();
            socket.send("40");
            sockets.add(socket);
        }
        Map<String, Integer> counts = closedWithin(sockets, Duration.ofSeconds(5));
        record("40 connections without a token (auth timeout 300 ms)", 40, counts, () ->
                assertThat(counts).isEqualTo(Map.of("connect_error:UNAUTHENTICATED + closed", 40)));
    }

    private void transportsThatNeverConnect() {
        List<FrameClient> sockets = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            FrameClient socket = open();
            socket.awaitOpen();
            sockets.add(socket);
        }
        Map<String, Integer> counts = closedWithin(sockets, Duration.ofSeconds(5));
        // No namespace to refuse: the transport is closed after the auth timeout (the connect timeout).
        record("30 transports that never send CONNECT", 30, counts, () ->
                assertThat(counts).isEqualTo(Map.of("closed", 30)));
    }

    private void badTokenFlood() {
        List<FrameClient> sockets = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            FrameClient socket = open();
            socket.awaitOpen();
            socket.send(HostileCases.connect("guess-" + i));
            sockets.add(socket);
        }
        Map<String, Integer> counts = closedWithin(sockets, Duration.ofSeconds(5));
        record("40 connections guessing tokens", 40, counts, () ->
                assertThat(counts).isEqualTo(Map.of("connect_error:UNAUTHENTICATED + closed", 40)));
    }

    private void unauthenticatedRequestFlood(String token, String what) {
        FrameClient socket = open();
        socket.awaitOpen();
        socket.send(token == null ? "40" : HostileCases.connect(token));
        int first = socket.nextAckId();
        for (int i = 0; i < 100; i++) {
            socket.send(HostileCases.frame(first + i, Events.JOIN, HostileCases.ids(PROJECT, PAYMENTS)));
        }
        List<String> frames = socket.untilClosed(Duration.ofSeconds(5));
        Map<String, Integer> counts = new TreeMap<>();
        frames.forEach(frame -> counts.merge(HostileClientSuiteTest.classify(frame, first).replaceFirst("^ack\\d+:", ""), 1, Integer::sum));
        boolean closed = socket.isClosed();
        counts.put(closed ? "closed" : "still open", 1);
        record("100 joins on one socket with " + what, 100, counts, () -> {
            assertThat(closed).isTrue();
            assertThat(counts).doesNotContainKey("ok");
            assertThat(counts.keySet()).allMatch(k -> k.contains("UNAUTHENTICATED") || k.equals("connected") || k.equals("disconnect") || k.equals("closed"));
        });
    }

    // ---------------------------------------------------------------- helpers

    private FrameClient connected(String token) {
        return track.apply(FrameClient.connected(server.port(), token));
    }

    private FrameClient open() {
        FrameClient socket = track.apply(FrameClient.open(server.port(), "", Map.of()));
        unauthenticated.add(socket);
        tokenlessSockets++;
        return socket;
    }

    private static List<Map<String, Object>> burst(FrameClient client, int n, java.util.function.IntFunction<String> frame) {
        List<CompletableFuture<Map<String, Object>>> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = client.nextAckId();
            replies.add(client.expectAck(id));
            client.send(frame.apply(id));
        }
        return replies.stream().map(CompletableFuture::join).toList();
    }

    private static Map<String, Integer> count(List<Map<String, Object>> replies) {
        Map<String, Integer> counts = new TreeMap<>();
        replies.forEach(reply -> counts.merge(code(reply), 1, Integer::sum));
        return counts;
    }

    /** "ok", or the error code of a reply. */
    static String code(Map<String, Object> reply) {
        Object error = reply.get("error");
        return error instanceof Map<?, ?> map ? String.valueOf(map.get("code")) : "ok";
    }

    private static Map<String, Integer> closedWithin(List<FrameClient> sockets, Duration timeout) {
        Map<String, Integer> counts = new TreeMap<>();
        for (FrameClient socket : sockets) {
            List<String> frames = socket.untilClosed(timeout);
            List<String> outcome = new ArrayList<>();
            for (String frame : frames) {
                String classified = HostileClientSuiteTest.classify(frame, -1);
                if (!classified.equals("connected") && !classified.equals("disconnect")) {
                    outcome.add(classified);
                }
            }
            outcome.add(socket.isClosed() ? "closed" : "still open");
            counts.merge(String.join(" + ", outcome), 1, Integer::sum);
        }
        return counts;
    }

    private void record(String name, int messages, Map<String, Integer> counts, Executable check) {
        figures.messages("floods", messages);
        tests.add(DynamicTest.dynamicTest("floods: " + name + " " + counts, () -> {
            boolean passed = false;
            try {
                check.execute();
                passed = true;
            } finally {
                figures.record("floods", passed ? "limited as documented, server up" : "NOT AS DOCUMENTED: " + name, passed);
            }
        }));
    }

    private static JSONObject json(String integrationId) {
        return new JSONObject().put("projectId", PROJECT).put("integrationId", integrationId);
    }
}
