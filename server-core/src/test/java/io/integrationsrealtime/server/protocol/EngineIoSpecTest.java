package io.integrationsrealtime.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.server.protocol.EngineHttp.Answer;
import io.integrationsrealtime.server.protocol.SpecServer.Kind;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules of the Engine.IO v4 specification (socketio/engine.io-protocol, and the official
 * test suite's Engine.IO part), one test each, over raw HTTP and websockets, against server-core
 * standalone and attached to a host's netty-socketio server.
 */
class EngineIoSpecTest extends BothKindsOfServer {

    private static final String UNKNOWN_SID = "{\"code\":1,\"message\":\"Session ID unknown\"}";

    private static EngineHttp http(Kind kind) {
        return new EngineHttp(SERVERS.get(kind).port);
    }

    private static int port(Kind kind) {
        return SERVERS.get(kind).port;
    }

    // ---------------------------------------------------------------- handshake

    @ParameterizedTest
    @EnumSource(Kind.class)
    void pollingHandshake_opensASession_withSidUpgradesPingsAndMaxPayload(Kind kind) {
        Answer open = http(kind).get("EIO=4&transport=polling");

        assertThat(open.status()).isEqualTo(200);
        assertThat(open.body()).startsWith("0{").contains("\"upgrades\":[\"websocket\"]")
                .contains("\"pingInterval\":" + SpecServer.PING_INTERVAL).contains("\"pingTimeout\":" + SpecServer.PING_TIMEOUT)
                .contains("\"maxPayload\":" + SpecServer.MAX_PAYLOAD).containsPattern("\"sid\":\"[^\"]+\"");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void websocketHandshake_opensASession_withoutUpgrades(Kind kind) {
        try (EngineSocket socket = EngineSocket.open(port(kind), "EIO=4&transport=websocket", true)) {
            String open = socket.nextText();

            assertThat(open).startsWith("0{").contains("\"upgrades\":[]").contains("\"maxPayload\":" + SpecServer.MAX_PAYLOAD);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"transport=polling", "EIO=abc&transport=polling", "EIO=3&transport=polling", "EIO=5&transport=polling"})
    void unsupportedProtocolVersion_is400Code5(String query) {
        for (Kind kind : Kind.values()) {
            Answer answer = http(kind).get(query);

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).isEqualTo("{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"transport=websocket", "EIO=abc&transport=websocket", "EIO=3&transport=websocket", "EIO=4&transport=abc"})
    void aWebsocketUpgradeWithABadVersionOrTransport_isRefusedWith400_beforeTheUpgrade(String query) {
        for (Kind kind : Kind.values()) {
            try (EngineSocket socket = EngineSocket.open(port(kind), query, true)) {
                assertThat(socket.awaitClosed(Duration.ofSeconds(5))).as("%s on %s", query, kind).isEqualTo(400);
                assertThat(socket.refusedBody.join()).startsWith("{\"code\":" + (query.contains("abc&") || !query.contains("EIO=4") ? "5" : "0"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"EIO=4", "EIO=4&transport=abc", "EIO=4&transport=flashsocket"})
    void unknownTransport_is400Code0(String query) {
        for (Kind kind : Kind.values()) {
            Answer answer = http(kind).get(query);

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE"})
    void handshakeThatIsNotAGet_is400Code2(String method) {
        for (Kind kind : Kind.values()) {
            Answer answer = method.equals("POST") ? http(kind).post("EIO=4&transport=polling", "")
                    : http(kind).method(method, "EIO=4&transport=polling");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).isEqualTo("{\"code\":2,\"message\":\"Bad handshake method\"}");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void errorAnswers_closeTheirConnection(Kind kind) {
        Answer answer = http(kind).get("EIO=4&transport=polling&sid=abc");

        assertThat(answer.connection()).isEqualToIgnoringCase("close");
    }

    // ---------------------------------------------------------------- unknown sessions (issue 14, item 3)

    @ParameterizedTest
    @EnumSource(Kind.class)
    void pollingWithAnUnknownOrMalformedSid_is400Code1(Kind kind) {
        for (String sid : new String[] {"abc", "", "x".repeat(3000), "00000000-0000-0000-0000-000000000000",
                java.util.UUID.randomUUID().toString(), java.util.UUID.randomUUID() + "x"}) {
            Answer get = http(kind).get("EIO=4&transport=polling&sid=" + sid);
            Answer post = http(kind).post("EIO=4&transport=polling&sid=" + sid, "42[\"x\"]");

            assertThat(get.status()).as("GET sid %s", sid).isEqualTo(400);
            assertThat(get.body()).isEqualTo(UNKNOWN_SID);
            assertThat(post.status()).as("POST sid %s", sid).isEqualTo(400);
            assertThat(post.body()).isEqualTo(UNKNOWN_SID);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void websocketWithAnUnknownOrMalformedSid_is400Code1_beforeTheUpgrade(Kind kind) {
        for (String sid : new String[] {"abc", "", "x".repeat(3000), java.util.UUID.randomUUID().toString()}) {
            try (EngineSocket socket = EngineSocket.open(port(kind), "EIO=4&transport=websocket&sid=" + sid, true)) {
                assertThat(socket.awaitClosed(Duration.ofSeconds(5))).as("sid %s", sid).isEqualTo(400);
                assertThat(socket.refusedBody.join()).isEqualTo(UNKNOWN_SID);
            }
        }
    }

    // ---------------------------------------------------------------- heartbeat

    @ParameterizedTest
    @EnumSource(Kind.class)
    void pollingHeartbeat_serverPings_clientPongs_sessionLives(Kind kind) {
        EngineHttp http = http(kind);
        String sid = http.handshake();
        for (int i = 0; i < 3; i++) {
            Answer poll = http.get("EIO=4&transport=polling&sid=" + sid);

            assertThat(poll.body()).isEqualTo("2");
            assertThat(http.post("EIO=4&transport=polling&sid=" + sid, "3").body()).isEqualTo("ok");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void websocketHeartbeat_serverPingsEveryPingInterval(Kind kind) {
        try (EngineSocket socket = EngineSocket.open(port(kind), "EIO=4&transport=websocket", false)) {
            socket.nextText();
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                assertThat(socket.nextText()).isEqualTo("2");
                socket.send("3");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(3L * SpecServer.PING_INTERVAL - 50));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void noPongWithinPingTimeout_closesTheSession(Kind kind) {
        String sid = http(kind).handshake();
        try (EngineSocket socket = EngineSocket.open(port(kind), "EIO=4&transport=websocket", false)) {
            socket.nextText();
            assertThat(socket.nextText()).isEqualTo("2");  // and no pong

            assertThat(socket.awaitClosed(Duration.ofMillis(SpecServer.PING_TIMEOUT + 2000L))).isNotEqualTo(400);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> http(kind).get("EIO=4&transport=polling&sid=" + sid).status() == 400);
    }

    // ---------------------------------------------------------------- close

    @ParameterizedTest
    @EnumSource(Kind.class)
    void pollingClosePacket_answersThePendingPollWithANoop_andEndsTheSession(Kind kind) {
        EngineHttp http = http(kind);
        String sid = http.handshake();
        // As in the official suite: the poll and the close are sent at once, the poll first (the
        // server may still read them in either order).
        CompletableFuture<Answer> poll = CompletableFuture.supplyAsync(() -> http.get("EIO=4&transport=polling&sid=" + sid));

        assertThat(http.post("EIO=4&transport=polling&sid=" + sid, "1").body()).isEqualTo("ok");
        assertThat(poll.join().body()).isEqualTo("6");
        assertThat(http.get("EIO=4&transport=polling&sid=" + sid).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void websocketClosePacket_closesTheConnection(Kind kind) {
        try (EngineSocket socket = EngineSocket.session(port(kind))) {
            socket.send("1");

            assertThat(socket.awaitClosed(Duration.ofSeconds(5))).isIn(1000, 1005, -1);
        }
    }

    // ---------------------------------------------------------------- upgrade

    @ParameterizedTest
    @EnumSource(Kind.class)
    void upgrade_probeIsAnswered_pendingPollReleased_thenPacketsUseTheWebsocket(Kind kind) {
        EngineHttp http = http(kind);
        String sid = http.handshake();
        CompletableFuture<Answer> poll = CompletableFuture.supplyAsync(() -> http.get("EIO=4&transport=polling&sid=" + sid));
        try (EngineSocket socket = EngineSocket.open(port(kind), "EIO=4&transport=websocket&sid=" + sid, true)) {
            socket.opened.join();
            socket.send("2probe");

            assertThat(socket.nextText()).isEqualTo("3probe");
            assertThat(poll.join().body()).isEqualTo("6");
            socket.send("5");
            socket.send(SERVERS.get(kind).connectMain());
            assertThat(socket.nextText()).startsWith("40{\"sid\":");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void afterAnUpgrade_pollingIsRefusedWith400(Kind kind) {
        EngineHttp http = http(kind);
        String sid = http.handshake();
        try (EngineSocket socket = upgraded(kind, sid)) {
            Answer answer = http.get("EIO=4&transport=polling&sid=" + sid);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aSecondWebsocketForASession_isOpenedAndClosedAtOnce(Kind kind) {
        EngineHttp http = http(kind);
        String sid = http.handshake();
        try (EngineSocket first = upgraded(kind, sid)) {
            try (EngineSocket second = EngineSocket.open(port(kind), "EIO=4&transport=websocket&sid=" + sid, true)) {
                second.opened.join();

                assertThat(second.awaitClosed(Duration.ofSeconds(5))).isIn(1000, 1005, -1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anUpgradeNeverCompleted_closesOnlyTheProbe(Kind kind) throws Exception {
        EngineHttp http = http(kind);
        String sid = http.handshake();
        try (EngineSocket probe = EngineSocket.open(port(kind), "EIO=4&transport=websocket&sid=" + sid, true)) {
            probe.opened.join();
            probe.send("42[\"not during a probe\"]");

            assertThat(probe.awaitClosed(Duration.ofSeconds(5))).isIn(1000, 1005, -1);
        }
        assertThat(http.get("EIO=4&transport=polling&sid=" + sid).body()).isEqualTo("2");  // polling goes on
    }

    /** The polling session {@code sid} upgraded to a websocket (probe, answer, upgrade packet). */
    private static EngineSocket upgraded(Kind kind, String sid) {
        EngineSocket socket = EngineSocket.open(port(kind), "EIO=4&transport=websocket&sid=" + sid, true);
        socket.opened.join();
        socket.send("2probe");
        socket.send("5");
        assertThat(socket.nextText()).isEqualTo("3probe");
        // The upgrade is done once the server has read "5": a CONNECT sent after it on the same
        // stream is answered only then (a poll sent before could still be served).
        socket.send(SERVERS.get(kind).connectMain());
        String frame = socket.nextText();
        if (frame.equals("6")) {   // a noop the server may send first
            frame = socket.nextText();
        }
        assertThat(frame).startsWith("40{\"sid\":");
        return socket;
    }

    // ---------------------------------------------------------------- packets

    @ParameterizedTest
    @ValueSource(strings = {"", "7", "x", "2", "2hello"})
    void notAPacketAClientMaySend_closesTheConnection(String frame) {
        for (Kind kind : Kind.values()) {
            try (EngineSocket socket = EngineSocket.session(port(kind))) {
                socket.send(frame);

                assertThat(socket.awaitClosed(Duration.ofSeconds(5))).as("frame '%s' on %s", frame, kind).isIn(1000, 1005, -1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void binaryDataNobodyAnnounced_closesTheConnection(Kind kind) {
        try (EngineSocket socket = EngineSocket.session(port(kind))) {
            socket.send(new byte[] {4, 1, 2, 3});

            assertThat(socket.awaitClosed(Duration.ofSeconds(5))).isIn(1000, 1005, -1);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void pollingPayloads_carrySeveralPacketsSeparatedByRecordSeparators(Kind kind) {
        EngineHttp http = http(kind);
        String sid = http.handshake();
        // A pong, a noop and a CONNECT in one POST; the answer to the CONNECT comes on the next poll.
        http.post("EIO=4&transport=polling&sid=" + sid, "3\u001e6\u001e" + SERVERS.get(kind).connectMain());

        String answer = http.get("EIO=4&transport=polling&sid=" + sid).body();
        assertThat(answer).startsWith("40{\"sid\":");
        if (kind == Kind.ATTACHED) {
            String rest = answer.contains("\u001e") ? answer : answer + "\u001e" + http.get("EIO=4&transport=polling&sid=" + sid).body();
            assertThat(rest.split("\u001e")).contains("42[\"auth\",{\"token\":\"" + io.integrationsrealtime.server.TestAuth.TOKEN + "\"}]");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void noNamespaceConnectedWithinTheConnectTimeout_closesTheSession(Kind kind) {
        try (EngineSocket socket = EngineSocket.session(port(kind))) {  // pings answered: no ping timeout
            long start = System.nanoTime();

            assertThat(socket.awaitClosed(SpecServer.CONNECT_TIMEOUT.plusSeconds(5))).isIn(1000, 1005, -1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SpecServer.CONNECT_TIMEOUT.minusMillis(200));
        }
    }
}
