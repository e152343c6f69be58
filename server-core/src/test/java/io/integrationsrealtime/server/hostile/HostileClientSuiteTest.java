package io.integrationsrealtime.server.hostile;

import static io.integrationsrealtime.server.TestBackend.FOREIGN;
import static io.integrationsrealtime.server.TestBackend.OTHER_PROJECT;
import static io.integrationsrealtime.server.TestBackend.PAYMENTS;
import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.SHARED;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.RequestRules;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.Limits;
import io.integrationsrealtime.server.RawClient;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import io.integrationsrealtime.server.internal.engine.ClientLog;
import io.integrationsrealtime.server.hostile.Case.Conn;
import io.integrationsrealtime.server.spi.IntegrationRef;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The hostile-client suite of issue 3: hundreds of hostile inputs from raw clients (raw Engine.IO
 * frames and plain socket.io-client-java sockets, never the SDK), each with its documented
 * outcome, while a well-behaved client beside them keeps working and sees nothing of theirs, and
 * token-less sockets receive no protocol event at all. Prints its figures at the end (and writes
 * them to {@code target/hostile-suite-figures.md}); {@code docs/security.md} quotes them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileClientSuiteTest {

    /** Main server: small payloads (so oversize is cheap), generous rates (floods use their own server). */
    static final Limits MAIN_LIMITS = Limits.DEFAULTS.withMaxPayloadBytes(4096).withRate(1000, 2000)
            .withAuthTimeout(Duration.ofSeconds(30));
    static final Limits FLOOD_LIMITS = Limits.DEFAULTS.withRate(20, 20).withMaxInFlight(4).withMaxRooms(3)
            .withMaxPayloadBytes(2048).withAuthTimeout(Duration.ofMillis(300));
    static final List<String> SERVER_EVENTS = List.of(Events.JOINED, Events.LEFT, Events.EXECUTION_STARTED,
            Events.EXECUTION_COMPLETED, Events.EXECUTION_FAILED, Events.TEST_STARTED, Events.TEST_COMPLETED,
            Events.TEST_FAILED, Events.STATUS_RESPONSE, Events.WEBHOOK_SUBSCRIBED, Events.WEBHOOK_UNSUBSCRIBED,
            Events.WEBHOOK_RECEIVED, Events.USAGE_UPDATED, Events.ERROR);
    static final List<String> SECRETS = List.of(TestAuth.TOKEN, TestAuth.OTHER_PROJECT_TOKEN, TestAuth.EXPIRED_TOKEN,
            TestAuth.SLOW_TOKEN, TestBackend.SECRET);

    static PrintStream originalErr;
    static final ByteArrayOutputStream capturedLog = new ByteArrayOutputStream();
    static long startNanos;

    static GatedBackend backend;
    static IntegrationsServer server;
    static GatedBackend floodBackend;
    static IntegrationsServer floodServer;

    /** The well-behaved clients: raw frames and socket.io-client-java, both in TWEETS and its webhooks. */
    static FrameClient victim;
    static RawClient victimSio;
    static int victimExecutions;
    static int rounds;

    static FrameClient own;
    static FrameClient other;
    /** Every raw client the suite opened, and those that never held a valid token. */
    static final List<FrameClient> everyClient = Collections.synchronizedList(new ArrayList<>());
    static final List<FrameClient> unauthenticated = Collections.synchronizedList(new ArrayList<>());
    static RawClient idleSioWithoutToken;
    static final List<RawClient> rawClients = Collections.synchronizedList(new ArrayList<>());
    /** Every reply payload the socket.io-client-java attackers received, for the leak scan. */
    static final List<String> rawReplies = Collections.synchronizedList(new ArrayList<>());

    static final Figures figures = new Figures();

    @BeforeAll
    static void start() {
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(capturedLog, originalErr), true, StandardCharsets.UTF_8));
        startNanos = System.nanoTime();
        backend = new GatedBackend();
        server = IntegrationsServer.builder(backend).authenticator(TestAuth.AUTHENTICATOR).authorizer(TestAuth.AUTHORIZER)
                .hostname("127.0.0.1").port(0).limits(MAIN_LIMITS).allowedOrigins("http://allowed.test").build().start();
        floodBackend = new GatedBackend();
        floodServer = IntegrationsServer.builder(floodBackend).authenticator(TestAuth.AUTHENTICATOR)
                .authorizer(TestAuth.AUTHORIZER).hostname("127.0.0.1").port(0).limits(FLOOD_LIMITS).build().start();

        victim = track(FrameClient.connected(server.port(), TestAuth.TOKEN));
        assertThat(ackOf(victim, Events.JOIN, HostileCases.ids(PROJECT, TWEETS).put("requestId", "victim-join"))).doesNotContainKey("error");
        assertThat(ackOf(victim, Events.WEBHOOK_SUBSCRIBE, HostileCases.ids(PROJECT, TWEETS))).doesNotContainKey("error");
        victimSio = new RawClient(server.port(), SERVER_EVENTS).connect();
        assertThat(victimSio.requestJson(Events.JOIN, new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS)).has("room")).isTrue();
        assertThat(victimSio.requestJson(Events.WEBHOOK_SUBSCRIBE, new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS)).has("room")).isTrue();

        // Token-less observers that stay connected through the whole suite (auth timeout 30 s).
        FrameClient transportOnly = track(FrameClient.open(server.port(), "", Map.of()));
        transportOnly.awaitOpen();
        unauthenticated.add(transportOnly);
        FrameClient connectedWithoutToken = track(FrameClient.open(server.port(), "", Map.of()));
        connectedWithoutToken.awaitOpen();
        assertThat(connectedWithoutToken.connect(null)).as("a CONNECT without a token is refused").startsWith("44");
        unauthenticated.add(connectedWithoutToken);
        FrameClient expired = track(FrameClient.connected(server.port(), TestAuth.EXPIRED_TOKEN));
        unauthenticated.add(expired);
        idleSioWithoutToken = new RawClient(server.port(), "/", SERVER_EVENTS, options -> options);
        assertThat(idleSioWithoutToken.connectError().getString("code")).as("socket.io-client-java without a token")
                .isEqualTo("UNAUTHENTICATED");
        publishRound();
    }

    @AfterAll
    static void stop() {
        try {
            everyClient.forEach(FrameClient::close);
            rawClients.forEach(RawClient::close);
            if (victimSio != null) {
                victimSio.close();
            }
            if (idleSioWithoutToken != null) {
                idleSioWithoutToken.close();
            }
            if (server != null) {
                server.close();
            }
            if (floodServer != null) {
                floodServer.close();
            }
        } finally {
            System.setErr(originalErr);
        }
    }

    // ================================================================ 1. the frame table

    @TestFactory
    @Order(1)
    Stream<DynamicTest> rawFrameCases() {
        List<Case> cases = HostileCases.all();
        Map<Case, CompletableFuture<Observed>> observed = new LinkedHashMap<>();
        // Cases on their own connection run concurrently; those on the shared connections in order.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Case c : cases) {
                if (c.conn() == Conn.FRESH || c.conn() == Conn.FRESH_OWN) {
                    observed.put(c, CompletableFuture.supplyAsync(() -> run(c), pool));
                }
            }
            String category = null;
            for (Case c : cases) {
                if (c.conn() == Conn.OWN || c.conn() == Conn.OTHER) {
                    if (category != null && !category.equals(c.category())) {
                        publishRound();
                        victimRoundTrip();
                    }
                    category = c.category();
                    observed.put(c, CompletableFuture.completedFuture(run(c)));
                }
            }
            CompletableFuture.allOf(observed.values().toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }
        publishRound();
        victimRoundTrip();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.category() + ": " + c.name(), () -> {
            Observed result = observed.get(c).join();
            figures.record(c.category(), String.join(" + ", result.outcome()), result.outcome().equals(c.expected()));
            if (c.category().equals("cross-project") && result.outcome().contains("ok")) {
                figures.crossProjectSuccesses.incrementAndGet();
            }
            assertThat(result.leftovers()).as("frames left over from the previous case").isEmpty();
            assertThat(result.outcome()).as("outcome of %s; frames %s", c.name(), abbreviate(result.frames()))
                    .isEqualTo(c.expected());
        }));
    }

    record Observed(List<String> outcome, List<String> frames, List<String> leftovers) {
    }

    private static Observed run(Case c) {
        long began = System.nanoTime();
        Observed observed = runCase(c);
        if (Boolean.getBoolean("hostile.trace")) {
            System.out.printf("[case] %s: %s -> %s (%d ms)%s%n", c.category(), c.name(), observed.outcome(),
                    (System.nanoTime() - began) / 1_000_000, observed.outcome().equals(c.expected()) ? "" : "   EXPECTED " + c.expected()
                            + " FRAMES " + abbreviate(observed.frames()));
        }
        return observed;
    }

    private static Observed runCase(Case c) {
        FrameClient client = switch (c.conn()) {
            case OWN -> own();
            case OTHER -> other();
            case FRESH -> track(FrameClient.open(server.port(), c.handshake().query(), c.handshake().headers()));
            case FRESH_OWN -> track(FrameClient.connected(server.port(), TestAuth.TOKEN));
        };
        boolean shared = c.conn() == Conn.OWN || c.conn() == Conn.OTHER;
        try {
            if (c.conn() == Conn.FRESH && client.awaitOpen() == null) {
                unauthenticated.add(client);
                return new Observed(List.of("http:" + client.closed.join()), List.of(), List.of());
            }
            List<String> leftovers = shared ? client.drain() : List.of();
            int ack = client.nextAckId();
            for (String frame : c.frames().apply(ack)) {
                if (frame.startsWith("\u0001")) {
                    client.sendBinary(frame.substring(1).getBytes(StandardCharsets.UTF_8));
                } else {
                    client.send(frame);
                }
            }
            List<String> frames;
            boolean unauthCategory = c.category().equals("unauthenticated");
            if (c.expectsClose()) {
                frames = client.untilClosed(Duration.ofSeconds(5));
            } else if (c.expected().isEmpty()) {
                frames = client.barrier(PROJECT, PAYMENTS);
            } else if (unauthCategory) {
                frames = client.untilClosed(Duration.ofMillis(2500));
            } else {
                frames = new ArrayList<>(client.collect(frame -> terminal(frame, ack), Duration.ofSeconds(5)));
                if (!client.isClosed()) {
                    frames.addAll(client.barrier(PROJECT, PAYMENTS));
                }
            }
            List<String> outcome = new ArrayList<>();
            for (String frame : frames) {
                outcome.add(classify(frame, ack));
            }
            if (client.isClosed()) {
                // A closed transport implies the namespace disconnect(s) that preceded it.
                outcome.removeIf(o -> o.equals("disconnect"));
                outcome.add("closed");
            }
            if (c.conn() == Conn.FRESH && (outcome.stream().anyMatch(o -> o.contains("UNAUTHENTICATED")))) {
                unauthenticated.add(client);
            }
            return new Observed(outcome, frames, leftovers);
        } finally {
            if (!shared) {
                client.close();
            }
        }
    }

    private static synchronized FrameClient own() {
        if (own == null || own.isClosed()) {
            own = track(FrameClient.connected(server.port(), TestAuth.TOKEN));
        }
        return own;
    }

    private static synchronized FrameClient other() {
        if (other == null || other.isClosed()) {
            other = track(FrameClient.connected(server.port(), TestAuth.OTHER_PROJECT_TOKEN));
        }
        return other;
    }

    static FrameClient track(FrameClient client) {
        everyClient.add(client);
        return client;
    }

    /** A frame that ends the case's answer: its ack, a refusal, a caller event, a connect error. */
    static boolean terminal(String frame, int ack) {
        if (frame.startsWith("43" + ack + "[") || frame.startsWith("44") || frame.startsWith("41") || frame.startsWith("3")) {
            return true;
        }
        return frame.startsWith("42") && !frame.contains(":started\"");
    }

    static String classify(String frame, int ack) {
        if (frame.startsWith("40")) {
            return "connected";
        }
        if (frame.startsWith("41")) {
            return "disconnect";
        }
        if (frame.startsWith("44")) {
            JsonNode error = FrameClient.parse(frame.substring(frame.indexOf('{') < 0 ? 2 : frame.indexOf('{')));
            return "connect_error:" + (error != null && error.has("code") ? error.get("code").asText()
                    : error != null && error.has("message") ? error.get("message").asText() : "string");
        }
        if (frame.equals("<no barrier answer>")) {
            return "no answer (connection stalled)";
        }
        if (frame.startsWith("43")) {
            int bracket = frame.indexOf('[');
            String id = bracket > 2 ? frame.substring(2, bracket) : "";
            JsonNode args = bracket > 0 ? FrameClient.parse(frame.substring(bracket)) : null;
            JsonNode reply = args != null && args.size() > 0 ? args.get(0) : null;
            String what = reply != null && reply.has("error") ? "error:" + reply.get("error").get("code").asText() : "ok";
            return id.equals(Integer.toString(ack)) ? what : "ack" + id + ":" + what;
        }
        if (frame.startsWith("42")) {
            JsonNode args = FrameClient.parse(frame.substring(frame.indexOf('[')));
            String name = args != null && args.size() > 0 ? args.get(0).asText() : "?";
            if (name.equals(Events.ERROR)) {
                return "E:" + args.get(1).get("error").get("code").asText();
            }
            return "event:" + name;
        }
        return "frame:" + (frame.length() > 40 ? frame.substring(0, 40) + "..." : frame);
    }

    // ================================================================ 2. cross-project matrix (socket.io-client-java)

    @TestFactory
    @Order(2)
    Stream<DynamicTest> crossProjectMatrix() throws InterruptedException {
        RawClient outsider = raw(TestAuth.OTHER_PROJECT_TOKEN);
        RawClient insider = raw(TestAuth.TOKEN);
        // Positive control: the outsider's own integration works, so its sockets can receive.
        assertThat(outsider.requestJson(Events.JOIN, json(OTHER_PROJECT, FOREIGN)).has("room")).isTrue();
        assertThat(outsider.requestJson(Events.WEBHOOK_SUBSCRIBE, json(OTHER_PROJECT, FOREIGN)).has("room")).isTrue();
        record Attempt(String name, RawClient socket, String event, String projectId, String integrationId, String expected) {
        }
        List<Attempt> attempts = new ArrayList<>();
        for (String event : HostileCases.REQUESTS) {
            boolean granting = HostileCases.GRANTING.contains(event);
            // Leaving a room or a mirror is answered without a lookup: it only narrows what the socket receives.
            String forbidden = granting ? "error:FORBIDDEN" : "ok (no-op leave)";
            String notFound = granting ? "error:NOT_FOUND" : "ok (no-op leave)";
            attempts.add(new Attempt("other project's token: " + event + " our TWEETS", outsider, event, PROJECT, TWEETS, forbidden));
            attempts.add(new Attempt("other project's token: " + event + " our PAYMENTS", outsider, event, PROJECT, PAYMENTS, forbidden));
            attempts.add(new Attempt("other project's token: " + event + " our TWEETS under its own projectId", outsider, event, OTHER_PROJECT, TWEETS, notFound));
            attempts.add(new Attempt("other project's token: " + event + " our PAYMENTS under its own projectId", outsider, event, OTHER_PROJECT, PAYMENTS, notFound));
            attempts.add(new Attempt("our token: " + event + " the other project's FOREIGN", insider, event, OTHER_PROJECT, FOREIGN, forbidden));
            attempts.add(new Attempt("our token: " + event + " TWEETS under an unknown projectId", insider, event, "f".repeat(24), TWEETS, forbidden));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Attempt attempt : attempts) {
            JSONObject payload = json(attempt.projectId(), attempt.integrationId());
            if (attempt.event().equals(Events.EXECUTE)) {
                payload.put("endpoint", "getUserTweets");
            }
            JSONObject reply = attempt.socket().requestJson(attempt.event(), payload);
            rawReplies.add(reply.toString());
            boolean granting = HostileCases.GRANTING.contains(attempt.event());
            String outcome = reply.has("error") ? "error:" + reply.getJSONObject("error").getString("code")
                    : granting ? "ok" : "ok (no-op leave)";
            boolean granted = outcome.equals("ok") && granting;
            if (granted) {
                figures.crossProjectSuccesses.incrementAndGet();
            }
            tests.add(DynamicTest.dynamicTest("cross-project: " + attempt.name(), () -> {
                figures.record("cross-project", outcome, outcome.equals(attempt.expected()));
                assertThat(outcome).as(reply.toString()).isEqualTo(attempt.expected());
            }));
        }
        tests.addAll(sharedIntegrationId());
        publishRound();
        victimRoundTrip();
        // The outsider receives its own integration's pushes and nothing of ours.
        int foreignRounds = rounds;
        tests.add(DynamicTest.dynamicTest("cross-project: the outsider received nothing of our integrations", () -> {
            JSONObject lastUsage = null;
            await().atMost(Duration.ofSeconds(5)).until(() -> outsider.pending(Events.USAGE_UPDATED) >= 1);
            while (outsider.pending(Events.USAGE_UPDATED) > 0) {
                lastUsage = outsider.next(Events.USAGE_UPDATED);
                assertThat(lastUsage.getString("integrationId")).isEqualTo(FOREIGN);
            }
            while (outsider.pending(Events.WEBHOOK_RECEIVED) > 0) {
                assertThat(outsider.next(Events.WEBHOOK_RECEIVED).getString("integrationId")).isEqualTo(FOREIGN);
            }
            for (String event : SERVER_EVENTS) {
                assertThat(outsider.pending(event)).as("outsider's %s after %d rounds", event, foreignRounds).isZero();
                assertThat(insider.pending(event)).as("insider's %s", event).isZero();
            }
            assertThat(backend.runs(FOREIGN)).as("runs of the other project's integration").isZero();
        }));
        return tests.stream();
    }

    /**
     * Two projects with an integration of the same id (SHARED): each project's socket, in its own
     * room and webhook mirror, gets its own project's run, usage and webhook, and nothing of the
     * other's, though the wire names both rooms {@code integration:<SHARED>}.
     */
    private static List<DynamicTest> sharedIntegrationId() throws InterruptedException {
        Map<String, IntegrationRef> refs = Map.of("our", new IntegrationRef(PROJECT, SHARED),
                "their", new IntegrationRef(OTHER_PROJECT, SHARED));
        Map<String, RawClient> sockets = Map.of("our", raw(TestAuth.TOKEN), "their", raw(TestAuth.OTHER_PROJECT_TOKEN));
        List<String> sides = List.of("our", "their");
        for (String side : sides) {
            JSONObject ids = json(refs.get(side).projectId(), SHARED);
            assertThat(sockets.get(side).requestJson(Events.JOIN, ids).getString("room")).isEqualTo("integration:" + SHARED);
            assertThat(sockets.get(side).requestJson(Events.WEBHOOK_SUBSCRIBE, ids).has("room")).isTrue();
        }
        for (String side : sides) {
            // The caller gets its outcome in the ack; room copies would only reach the other project's socket.
            JSONObject execute = json(refs.get(side).projectId(), SHARED).put("endpoint", "getUserTweets");
            assertThat(sockets.get(side).requestJson(Events.EXECUTE, execute).has("error")).isFalse();
            server.publishUsage(refs.get(side), Map.of("owner", side));
            server.publishWebhook(refs.get(side), "hostile.shared", Map.of("owner", side));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String side : sides) {
            RawClient socket = sockets.get(side);
            await().atMost(Duration.ofSeconds(5)).until(() -> socket.pending(Events.USAGE_UPDATED) >= 1
                    && socket.pending(Events.WEBHOOK_RECEIVED) >= 1);
            socket.requestJson(Events.STATUS, json(refs.get(side).projectId(), SHARED));   // a barrier: later than every push
            List<String> foreign = new ArrayList<>();
            for (String event : SERVER_EVENTS) {
                while (socket.pending(event) > 0) {
                    JSONObject payload = socket.next(event);
                    JSONObject body = payload.optJSONObject(event.equals(Events.USAGE_UPDATED) ? "usage" : "data");
                    if (body == null || !side.equals(body.optString("owner"))) {
                        foreign.add(event);
                    }
                }
            }
            String outcome = foreign.isEmpty() ? "own project's events only" : "received the other project's " + foreign;
            if (!foreign.isEmpty()) {
                figures.crossProjectSuccesses.incrementAndGet();
            }
            tests.add(DynamicTest.dynamicTest("cross-project: integration id shared by two projects, " + side + " socket", () -> {
                figures.record("cross-project", outcome, foreign.isEmpty());
                assertThat(outcome).isEqualTo("own project's events only");
            }));
        }
        return tests;
    }

    private static RawClient raw(String token) {
        RawClient client = new RawClient(server.port(), "/", SERVER_EVENTS, options -> options.setAuth(Map.of("token", token))).connect();
        rawClients.add(client);
        return client;
    }

    private static JSONObject json(String projectId, String integrationId) {
        return new JSONObject().put("projectId", projectId).put("integrationId", integrationId);
    }

    // ================================================================ 3. forged requestIds: routing

    @TestFactory
    @Order(3)
    Stream<DynamicTest> forgedRequestIdRouting() {
        FrameClient attacker = track(FrameClient.connected(server.port(), TestAuth.TOKEN));
        FrameClient observer = track(FrameClient.connected(server.port(), TestAuth.TOKEN));
        assertThat(ackOf(observer, Events.JOIN, HostileCases.ids(PROJECT, PAYMENTS))).doesNotContainKey("error");
        List<DynamicTest> tests = new ArrayList<>();
        String stolen = "victim-" + System.nanoTime();

        // The victim and the attacker use the same requestId at the same time, many times.
        List<CompletableFuture<Map<String, Object>>> victimReplies = new ArrayList<>();
        List<CompletableFuture<Map<String, Object>>> attackerReplies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            attackerReplies.add(ackAsync(attacker, Events.EXECUTE, HostileCases.valid(Events.EXECUTE, PROJECT, PAYMENTS)
                    .put("endpoint", "echo").put("requestId", stolen)));
            victimReplies.add(ackAsync(victim, Events.EXECUTE, HostileCases.valid(Events.EXECUTE, PROJECT, TWEETS).put("requestId", stolen)));
        }
        // The victim's 20 executes share one requestId: the server runs the first and answers the
        // retries with its outcome (idempotency per principal, integration and requestId).
        victimExecutions++;
        attackerReplies.add(ackAsync(attacker, Events.STATUS, HostileCases.ids(PROJECT, PAYMENTS).put("requestId", stolen)));
        attackerReplies.add(ackAsync(attacker, Events.JOIN, HostileCases.ids(PROJECT, PAYMENTS).put("requestId", stolen)));
        attackerReplies.add(ackAsync(attacker, Events.TEST, HostileCases.ids(PROJECT, PAYMENTS).put("requestId", stolen)));
        FrameClient outsider = track(FrameClient.connected(server.port(), TestAuth.OTHER_PROJECT_TOKEN));
        CompletableFuture<Map<String, Object>> crossProject = ackAsync(outsider, Events.EXECUTE,
                HostileCases.valid(Events.EXECUTE, PROJECT, TWEETS).put("requestId", stolen));
        // Another principal of the same project reuses a requestId the victim-like observer used on PAYMENTS.
        String reused = "reused-" + System.nanoTime();
        Map<String, Object> observerRun = ackOf(observer, Events.EXECUTE, HostileCases.valid(Events.EXECUTE, PROJECT, PAYMENTS)
                .put("requestId", reused).set("params", HostileCases.ids("x", "y").put("userId", "victim-secret")));
        FrameClient samePrincipalNot = track(FrameClient.connected(server.port(), TestAuth.SLOW_TOKEN));
        Map<String, Object> otherPrincipalRun = ackOf(samePrincipalNot, Events.EXECUTE, HostileCases.valid(Events.EXECUTE, PROJECT, PAYMENTS)
                .put("requestId", reused).set("params", HostileCases.ids("x", "y").put("userId", "attacker")));
        String longest = "r:" + "a".repeat(62);
        CompletableFuture<Map<String, Object>> longestId = ackAsync(attacker, Events.STATUS,
                HostileCases.ids(PROJECT, PAYMENTS).put("requestId", longest));
        // The same request as its executes above (a requestId reused for another request is refused).
        attacker.send(HostileCases.noAck(Events.EXECUTE, HostileCases.valid(Events.EXECUTE, PROJECT, PAYMENTS)
                .put("endpoint", "echo").put("requestId", stolen)));

        CompletableFuture.allOf(victimReplies.toArray(CompletableFuture[]::new)).join();
        CompletableFuture.allOf(attackerReplies.toArray(CompletableFuture[]::new)).join();
        List<String> attackerCallerEvents = attacker.collect(frame -> frame.contains(Events.EXECUTION_COMPLETED), Duration.ofSeconds(5));

        tests.add(forged("same requestId as the victim, 20 concurrent executes: each socket gets only its own results", () -> {
            for (CompletableFuture<Map<String, Object>> reply : victimReplies) {
                assertThat(reply.join()).containsEntry("integrationId", TWEETS).containsEntry("requestId", stolen).doesNotContainKey("error");
                assertThat(((Map<?, ?>) ((Map<?, ?>) reply.join().get("result")).get("data")).containsKey("tweets")).isTrue();
            }
            for (CompletableFuture<Map<String, Object>> reply : attackerReplies.subList(0, 20)) {
                assertThat(reply.join()).containsEntry("integrationId", PAYMENTS).containsEntry("requestId", stolen);
            }
        }));
        tests.add(forged("victim's requestId on status, join and test", () -> {
            assertThat(attackerReplies.get(20).join()).containsEntry("integrationId", PAYMENTS).containsKey("status");
            assertThat(attackerReplies.get(21).join()).containsEntry("room", "integration:" + PAYMENTS);
            assertThat(((Map<?, ?>) attackerReplies.get(22).join().get("error")).get("code")).isEqualTo("UPSTREAM_ERROR");
        }));
        tests.add(forged("another principal of the same project reusing a requestId runs its own request, never gets the cached result", () -> {
            assertThat(((Map<?, ?>) ((Map<?, ?>) observerRun.get("result")).get("data")).get("userId")).isEqualTo("victim-secret");
            assertThat(((Map<?, ?>) ((Map<?, ?>) otherPrincipalRun.get("result")).get("data")).get("userId")).isEqualTo("attacker");
            assertThat(samePrincipalNot.received).noneMatch(frame -> frame.contains("victim-secret"));
        }));
        tests.add(forged("victim's requestId from another project on the victim's integration", () ->
                assertThat(((Map<?, ?>) crossProject.join().get("error")).get("code")).isEqualTo("FORBIDDEN")));
        tests.add(forged("a 64-character requestId is echoed to its caller only", () ->
                assertThat(longestId.join()).containsEntry("requestId", longest)));
        tests.add(forged("victim's requestId without ack: the caller event goes to the caller", () ->
                assertThat(attackerCallerEvents).anyMatch(frame -> frame.startsWith("42[\"" + Events.EXECUTION_COMPLETED) && frame.contains(stolen))));
        tests.add(forged("room members see the attacker's runs without any requestId", () -> {
            List<String> seen = observer.barrier(PROJECT, PAYMENTS);
            assertThat(seen).as("observer frames carrying a requestId").isEmpty();
            assertThat(observer.broadcasts).isNotEmpty().noneMatch(frame -> frame.contains(stolen));
        }));
        tests.add(forged("the victim saw none of the attacker's traffic", () -> {
            assertThat(victim.drain()).isEmpty();
            assertThat(outsider.barrier(OTHER_PROJECT, FOREIGN)).isEmpty();
        }));
        return tests.stream();
    }

    private static DynamicTest forged(String name, org.junit.jupiter.api.function.Executable check) {
        return DynamicTest.dynamicTest("forged requestIds: " + name, () -> {
            boolean passed = false;
            try {
                check.execute();
                passed = true;
            } finally {
                figures.record("forged requestIds", passed ? "routed to its own caller only" : "MISROUTED", passed);
            }
        });
    }

    // ================================================================ 4. floods (own server, low limits)

    @TestFactory
    @Order(4)
    Stream<DynamicTest> floods() {
        return new Floods(floodServer, floodBackend, figures, HostileClientSuiteTest::track, unauthenticated).cases().stream();
    }

    // ================================================================ 5. webhook ingress

    @TestFactory
    @Order(5)
    Stream<DynamicTest> webhookIngress() {
        return WebhookCases.all().stream().map(c -> DynamicTest.dynamicTest("webhooks: " + c.name(), () -> {
            String outcome = c.outcome().get();
            figures.record("webhook ingress", outcome, outcome.equals(c.expected()));
            assertThat(outcome).isEqualTo(c.expected());
        }));
    }

    // ================================================================ 6. Engine.IO requests

    @TestFactory
    @Order(6)
    Stream<DynamicTest> engineRequests() {
        FrameClient websocketSession = track(FrameClient.connected(server.port(), TestAuth.TOKEN));
        String sid = FrameClient.parse(websocketSession.received.get(0).substring(1)).get("sid").asText();
        return EngineRequestCases.all(server.port(), () -> sid).stream().map(c -> DynamicTest.dynamicTest("engine requests: " + c.name(), () -> {
            String outcome = c.outcome().get();
            JsonNode error = outcome.startsWith("400 {") ? FrameClient.parse(outcome.substring(4)) : null;
            figures.record("engine requests", error != null ? "http:400 code " + error.path("code").asInt()
                    : outcome.startsWith("400") ? "http:400" : outcome, outcome.equals(c.expected()));
            assertThat(outcome).isEqualTo(c.expected());
        }));
    }

    // ================================================================ 7. what must hold after all that

    @Test
    @Order(9)
    void afterTheSuite_theServerIsUp_theVictimSawNothing_tokenlessSocketsGotNothing_andNothingLeaked() throws Exception {
        // The server is up: a new client and the victims complete round trips.
        try (FrameClient late = FrameClient.connected(server.port(), TestAuth.TOKEN)) {
            assertThat(ackOf(late, Events.STATUS, HostileCases.ids(PROJECT, TWEETS))).containsKey("status");
        }
        victimRoundTrip();
        publishRound();
        assertThat(victimSio.requestJson(Events.STATUS, json(PROJECT, TWEETS)).has("status")).isTrue();

        // The raw victim: its own acks only (already taken), and exactly one webhook and one usage per round, for TWEETS.
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> victim.broadcasts.size() >= 2 * rounds);
        } finally {
            if (victim.broadcasts.size() != 2 * rounds) {
                System.out.println("VICTIM rounds=" + rounds + " broadcasts=" + victim.broadcasts.size() + " "
                        + abbreviate(victim.broadcasts) + " received=" + abbreviate(victim.received));
            }
        }
        assertThat(victim.barrier(PROJECT, PAYMENTS)).as("victim's unexpected frames").isEmpty();
        assertThat(victim.broadcasts).hasSize(2 * rounds);
        assertThat(victim.broadcasts).allMatch(frame -> frame.contains(TWEETS))
                .allMatch(frame -> frame.startsWith("42[\"" + Events.WEBHOOK_RECEIVED) || frame.startsWith("42[\"" + Events.USAGE_UPDATED));
        // The socket.io-client-java victim: the same pushes, plus the raw victim's runs as a room member.
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> victimSio.pending(Events.EXECUTION_COMPLETED) >= victimExecutions
                    && victimSio.pending(Events.USAGE_UPDATED) >= rounds);
        } finally {
            Map<String, Integer> pending = new TreeMap<>();
            SERVER_EVENTS.forEach(event -> pending.put(event, victimSio.pending(event)));
            System.out.println("VICTIM-SIO rounds=" + rounds + " executions=" + victimExecutions + " pending=" + pending);
        }
        Map<String, Integer> expected = Map.of(Events.WEBHOOK_RECEIVED, rounds, Events.USAGE_UPDATED, rounds,
                Events.EXECUTION_STARTED, victimExecutions, Events.EXECUTION_COMPLETED, victimExecutions);
        for (String event : SERVER_EVENTS) {
            int count = victimSio.pending(event);
            assertThat(count).as("victim (socket.io-client-java) %s", event).isEqualTo(expected.getOrDefault(event, 0));
            for (int i = 0; i < count; i++) {
                JSONObject payload = victimSio.next(event);
                assertThat(payload.getString("integrationId")).isEqualTo(TWEETS);
                assertThat(payload.has("requestId")).as("room copies carry no requestId").isFalse();
            }
        }
        assertThat(backend.runs(TWEETS)).as("runs of TWEETS: the victim's only").isEqualTo(victimExecutions);

        // Token-less sockets: no protocol event at all.
        int violations = 0;
        List<String> offending = new ArrayList<>();
        synchronized (unauthenticated) {
            for (FrameClient client : unauthenticated) {
                for (String frame : new ArrayList<>(client.received)) {
                    if (!allowedForUnauthenticated(frame)) {
                        violations++;
                        offending.add(frame);
                    }
                }
            }
        }
        for (String event : SERVER_EVENTS) {
            violations += idleSioWithoutToken.pending(event);
        }
        figures.unauthenticatedSockets = unauthenticated.size() + 1 + Floods.tokenlessSockets;
        figures.eventsToUnauthenticated = violations;

        // Nothing internal reaches a client.
        List<String> leaks = new ArrayList<>();
        synchronized (everyClient) {
            for (FrameClient client : everyClient) {
                String sent = String.join("\n", new ArrayList<>(client.sent));
                for (String frame : new ArrayList<>(client.received)) {
                    leaks.addAll(leaksIn(frame, sent));
                }
            }
        }
        for (String reply : rawReplies) {
            leaks.addAll(leaksIn(reply, ""));
        }
        figures.framesScanned = everyClient.stream().mapToInt(c -> c.received.size()).sum() + rawReplies.size();
        figures.clientLeaks = leaks.size();

        // Nothing secret reaches an INFO+ log line.
        System.err.flush();
        String log = capturedLog.toString(StandardCharsets.UTF_8);
        List<String> lines = log.lines().toList();
        List<String> logLeaks = new ArrayList<>();
        Map<String, Integer> linesByLogger = new TreeMap<>();
        String currentLogger = "";
        int stackLines = 0;
        int stackTraces = 0;
        boolean inTrace = false;
        List<String> errorLines = new ArrayList<>();
        List<String> clientTextLines = new ArrayList<>();
        for (String line : lines) {
            boolean continuation = !line.startsWith("[");
            if (!continuation) {
                currentLogger = loggerOf(line);
                linesByLogger.merge(currentLogger, 1, Integer::sum);
                if (currentLogger.startsWith("ERROR ")) {
                    errorLines.add(line);
                }
            }
            for (String secret : SECRETS) {
                if (line.contains(secret)) {
                    logLeaks.add(line);  // from any logger
                }
            }
            if (line.contains(EngineRequestCases.CANARY)) {
                clientTextLines.add(line);  // text only a client sent, in any logger's line
            }
            boolean stack = line.startsWith("\tat ") || line.contains("Exception:") || line.startsWith("Caused by");
            if (stack) {
                stackLines++;
                if (!inTrace) {
                    stackTraces++;
                }
            }
            inTrace = stack;
        }
        figures.stackLines = stackLines;
        figures.stackTraces = stackTraces;
        figures.errorLines = errorLines.size();
        figures.clientTextLines = clientTextLines.size();
        figures.logLines = lines.size();
        figures.logLinesByLogger = linesByLogger;
        figures.logLeaks = logLeaks.size();
        figures.logSample = lines.stream().filter(l -> l.startsWith("[") || l.startsWith("java.") || l.startsWith("io.netty"))
                .map(l -> l.replaceAll("^\\[[^]]*\\] ", "").replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<session>").replaceAll("\\p{Cntrl}", "?"))
                .distinct().limit(30).toList();
        figures.seconds = (System.nanoTime() - startNanos) / 1e9;

        String report = figures.markdown();
        System.out.println(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "hostile-suite-figures.md"), report);

        assertThat(offending).as("frames received by sockets without a valid token").isEmpty();
        assertThat(violations).isZero();
        assertThat(leaks).as("internal details reaching clients").isEmpty();
        assertThat(logLeaks).as("tokens or host secrets in INFO+ log lines").isEmpty();
        assertThat(clientTextLines).as("client-chosen text (sids, paths, origins, packets) in INFO+ log lines").isEmpty();
        assertThat(errorLines).as("ERROR lines caused by hostile clients, any logger").isEmpty();
        assertThat(stackTraces).as("stack traces in INFO+ log lines, any logger").isZero();
        assertThat(linesByLogger.keySet()).as("netty-socketio's default exception listener (replaced by SafeExceptionListener)")
                .noneMatch(logger -> logger.contains("DefaultExceptionListener"));
        // Client-caused lines: at most one per cause and ClientLog interval, however many inputs.
        Map<String, Integer> linesPerCause = new TreeMap<>();
        lines.stream().filter(line -> line.contains(" io.integrationsrealtime.server.engine - "))
                .map(line -> line.substring(line.indexOf(": ") + 2).replaceFirst(" \\(and \\d+ more since the last report\\)$", ""))
                .forEach(cause -> linesPerCause.merge(cause, 1, Integer::sum));
        int allowed = 1 + (int) (figures.seconds / ClientLog.INTERVAL_SECONDS);
        assertThat(linesPerCause).as("lines per cause (at most %d in %.0f s)", allowed, figures.seconds)
                .allSatisfy((cause, count) -> assertThat(count).isLessThanOrEqualTo(allowed));
        assertThat(figures.crossProjectSuccesses.get()).isZero();
        assertThat(figures.inputs()).isGreaterThanOrEqualTo(200);
    }

    /** Engine.IO open, namespace connect/disconnect, and UNAUTHENTICATED refusals: nothing else. */
    static boolean allowedForUnauthenticated(String frame) {
        if (frame.startsWith("0{") || frame.startsWith("40") || frame.equals("41") || frame.equals("3") || frame.equals("6")) {
            return true;
        }
        if (frame.startsWith("44")) {
            return frame.contains("\"UNAUTHENTICATED\"");
        }
        if (frame.startsWith("43") || frame.startsWith("42[\"" + Events.ERROR + "\"")) {
            JsonNode args = FrameClient.parse(frame.substring(frame.indexOf('[')));
            JsonNode reply = args == null ? null : args.get(frame.startsWith("43") ? 0 : 1);
            return reply != null && reply.path("error").path("code").asText().equals("UNAUTHENTICATED");
        }
        return false;
    }

    static List<String> leaksIn(String frame, String sentBySameClient) {
        List<String> found = new ArrayList<>();
        for (String marker : List.of("Exception", "\tat ", "at io.", "at com.", "at java.", "Caused by", TestBackend.SECRET,
                "127.0.0.1", "corundumstudio", "jackson")) {
            if (frame.contains(marker) && !sentBySameClient.contains(marker)) {
                found.add(marker + " in " + abbreviate(List.of(frame)));
            }
        }
        for (String token : SECRETS) {
            if (frame.contains(token) && !sentBySameClient.contains(token)) {
                found.add("token " + token + " in " + abbreviate(List.of(frame)));
            }
        }
        JsonNode args = frame.startsWith("4") && frame.indexOf('[') > 0 ? FrameClient.parse(frame.substring(frame.indexOf('['))) : null;
        if (args != null) {
            for (JsonNode arg : args) {
                JsonNode requestId = arg.get("requestId");
                if (requestId != null && !RequestRules.REQUEST_ID.matcher(requestId.asText()).matches()) {
                    found.add("malformed requestId echoed: " + abbreviate(List.of(frame)));
                }
            }
        }
        return found;
    }

    static String loggerOf(String line) {
        // slf4j-simple: "[thread] LEVEL logger - message"
        int close = line.indexOf("] ");
        if (!line.startsWith("[") || close < 0) {
            return "(continuation or other output)";
        }
        String[] parts = line.substring(close + 2).split(" ", 3);
        return parts.length >= 2 ? parts[0] + " " + parts[1] : "(unparsed)";
    }

    // ================================================================ helpers

    /** Publishes a webhook and a usage update to every integration of both projects. */
    static void publishRound() {
        rounds++;
        for (IntegrationRef integration : List.of(TestBackend.TWEETS_REF, TestBackend.PAYMENTS_REF, TestBackend.FOREIGN_REF)) {
            server.publishWebhook(integration, "hostile.round", Map.of("round", rounds));
            server.publishUsage(integration, Map.of("round", rounds));
        }
    }

    /** The victim executes and asks the status of TWEETS, with acks, and gets exactly its answers. */
    static void victimRoundTrip() {
        String requestId = "victim-" + (++victimExecutions);
        Map<String, Object> completed = ackOf(victim, Events.EXECUTE,
                HostileCases.valid(Events.EXECUTE, PROJECT, TWEETS).put("requestId", requestId));
        assertThat(completed).as("victim execute").containsEntry("requestId", requestId).doesNotContainKey("error");
        assertThat(ackOf(victim, Events.STATUS, HostileCases.ids(PROJECT, TWEETS))).as("victim status").containsKey("status");
    }

    static Map<String, Object> ackOf(FrameClient client, String event, Object payload) {
        return ackAsync(client, event, payload).join();
    }

    /** Sends a request with an ack; completes with the ack's payload (other frames stay in the inbox). */
    @SuppressWarnings("unchecked")
    static CompletableFuture<Map<String, Object>> ackAsync(FrameClient client, String event, Object payload) {
        int id = client.nextAckId();
        CompletableFuture<Map<String, Object>> reply = client.expectAck(id);
        client.send(HostileCases.frame(id, event, payload));
        return reply;
    }

    static String abbreviate(List<String> frames) {
        return frames.stream().map(f -> f.length() > 300 ? f.substring(0, 300) + "...(" + f.length() + " chars)" : f).toList().toString();
    }

    /** Copies log output to the capture and to the console. */
    static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }

    /** Inputs tried and outcomes, per category. */
    static final class Figures {
        final Map<String, Map<String, Integer>> outcomes = Collections.synchronizedMap(new LinkedHashMap<>());
        final Map<String, Integer> mismatches = Collections.synchronizedMap(new LinkedHashMap<>());
        final Map<String, Integer> messages = Collections.synchronizedMap(new LinkedHashMap<>());
        final AtomicInteger crossProjectSuccesses = new AtomicInteger();
        int unauthenticatedSockets;
        int eventsToUnauthenticated = -1;
        int framesScanned;
        int clientLeaks = -1;
        int logLines;
        int logLeaks = -1;
        int stackLines;
        int stackTraces;
        int errorLines;
        int clientTextLines;
        Map<String, Integer> logLinesByLogger = Map.of();
        List<String> logSample = List.of();
        double seconds;

        synchronized void record(String category, String outcome, boolean matched) {
            outcomes.computeIfAbsent(category, c -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
            mismatches.merge(category, matched ? 0 : 1, Integer::sum);
        }

        void messages(String category, int count) {
            messages.merge(category, count, Integer::sum);
        }

        int inputs() {
            return outcomes.values().stream().mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).sum()).sum();
        }

        String markdown() {
            StringBuilder out = new StringBuilder("## Hostile-client suite figures\n\n");
            out.append("| category | inputs | outcomes | not as documented |\n|---|---:|---|---:|\n");
            synchronized (this) {
                outcomes.forEach((category, byOutcome) -> {
                    int total = byOutcome.values().stream().mapToInt(Integer::intValue).sum();
                    StringBuilder list = new StringBuilder();
                    byOutcome.forEach((outcome, n) -> list.append(list.isEmpty() ? "" : "; ").append('`').append(outcome).append("` ").append(n));
                    out.append("| ").append(category).append(" | ").append(total).append(" | ").append(list)
                            .append(" | ").append(mismatches.getOrDefault(category, 0)).append(" |\n");
                });
            }
            out.append("\n- inputs tried: ").append(inputs());
            out.append("\n- messages sent by the flood cases: ").append(messages);
            out.append("\n- cross-project successes: ").append(crossProjectSuccesses.get());
            out.append("\n- sockets without a valid token observed: ").append(unauthenticatedSockets)
                    .append("; protocol events they received: ").append(eventsToUnauthenticated);
            out.append("\n- frames and replies scanned for internals (stack traces, host messages, tokens): ").append(framesScanned)
                    .append("; found: ").append(clientLeaks);
            out.append("\n- log lines (INFO and above) during the suite: ").append(logLines).append(" by logger ").append(logLinesByLogger)
                    .append("; with a token or host secret (any logger): ").append(logLeaks)
                    .append("; with text only a client chose: ").append(clientTextLines)
                    .append("; ERROR lines: ").append(errorLines)
                    .append("; stack traces: ").append(stackTraces).append(" (").append(stackLines).append(" lines)");
            out.append(String.format("%n- suite time: %.1f s%n", seconds));
            out.append("\nDistinct log lines (sample):\n");
            logSample.forEach(line -> out.append("    ").append(line.length() > 200 ? line.substring(0, 200) + "..." : line).append('\n'));
            return out.toString();
        }
    }
}
