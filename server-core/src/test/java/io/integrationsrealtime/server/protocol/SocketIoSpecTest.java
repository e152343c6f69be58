package io.integrationsrealtime.server.protocol;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.server.protocol.EngineSocket.Binary;
import io.integrationsrealtime.server.protocol.SpecServer.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules of the Socket.IO v5 specification (socketio/socket.io-protocol and the official test
 * suite's Socket.IO part), one test each, over raw websockets and polling, against server-core
 * standalone and attached. The attached host's own listeners are those of the suite's reference
 * server (see {@link SpecServer}).
 */
class SocketIoSpecTest extends BothKindsOfServer {

    private static final String PLACEHOLDERS = "{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}";

    private static EngineSocket session(Kind kind) {
        return EngineSocket.session(SERVERS.get(kind).port);
    }

    /** A session connected to the main namespace (the attached host's "auth" event taken too). */
    private static EngineSocket connected(Kind kind) {
        EngineSocket socket = session(kind);
        socket.send(SERVERS.get(kind).connectMain());
        assertThat(socket.nextText()).startsWith("40{\"sid\":");
        if (kind == Kind.ATTACHED) {
            assertThat(socket.nextText()).startsWith("42[\"auth\"");
        }
        return socket;
    }

    private static SpecServer attached() {
        return SERVERS.get(Kind.ATTACHED);
    }

    // ---------------------------------------------------------------- connect

    @Test
    void connectToTheMainNamespace_answersItsSid_thenConnectListenersRun_withAnEmptyAuth() {
        try (EngineSocket socket = session(Kind.ATTACHED)) {
            socket.send("40");

            assertThat(socket.nextText()).matches("40\\{\"sid\":\"[^\"]+\"}");
            assertThat(socket.nextText()).isEqualTo("42[\"auth\",{}]");
        }
    }

    @Test
    void connectWithAPayload_theConnectListenersSeeIt() {
        try (EngineSocket socket = session(Kind.ATTACHED)) {
            socket.send("40{\"token\":\"123\"}");

            assertThat(socket.nextText()).startsWith("40{\"sid\":");
            assertThat(socket.nextText()).isEqualTo("42[\"auth\",{\"token\":\"123\"}]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"40/custom,", "40/custom", "40/custom,{\"token\":\"abc\"}"})
    void connectToACustomNamespace_answersWithTheNamespace(String connect) {
        try (EngineSocket socket = session(Kind.ATTACHED)) {
            socket.send(connect);

            assertThat(socket.nextText()).matches("40/custom,\\{\"sid\":\"[^\"]+\"}");
            assertThat(socket.nextText()).isEqualTo("42/custom,[\"auth\"," + (connect.contains("abc") ? "{\"token\":\"abc\"}" : "{}") + "]");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void connectToAnUnknownNamespace_isAConnectErrorWithAMessageObject_andTheSessionStays(Kind kind) {
        try (EngineSocket socket = session(kind)) {
            socket.send("40/random");

            assertThat(socket.nextText()).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
            socket.send(SERVERS.get(kind).connectMain());
            assertThat(socket.nextText()).startsWith("40{\"sid\":");
        }
    }

    @Test
    void noNamespaceIsConnectedBeforeTheClientsConnect_andEventsBeforeItAreDropped() throws Exception {
        int before = attached().hostMessages.size();
        try (EngineSocket socket = session(Kind.ATTACHED)) {
            socket.send("42[\"message\",\"before the CONNECT\"]");

            assertThat(socket.poll(Duration.ofMillis(300))).as("no auth event, no echo").isIn(null, "2");
            socket.send("40");
            assertThat(socket.nextText()).startsWith("40{\"sid\":");
            assertThat(socket.nextText()).isEqualTo("42[\"auth\",{}]");
            assertThat(attached().hostMessages).hasSize(before);
        }
    }

    @Test
    void everyConnectGoesThroughTheAuthListeners_withAnEmptyPayloadWhenThereIsNone() {
        attached().hostAuthPayloads.clear();
        try (EngineSocket socket = session(Kind.ATTACHED)) {
            socket.send("40");
            socket.nextText();

            assertThat(attached().hostAuthPayloads).containsExactly(Map.of());
        }
    }

    @Test
    void aRefusedConnect_getsAConnectErrorObject_insteadOfTheConnectAnswer() {
        try (EngineSocket socket = session(Kind.STANDALONE)) {
            socket.send("40");

            assertThat(socket.nextText()).startsWith("44{").contains("\"message\":\"authentication required: send a token\"")
                    .contains("\"code\":\"UNAUTHENTICATED\"");
        }
    }

    // ---------------------------------------------------------------- invalid packets

    @ParameterizedTest
    @ValueSource(strings = {"4abc", "4", "47", "42{}", "42\"text\"", "42", "42abc[\"message\",1]", "421234567890123456[\"message\"]",
            "45-[\"message\"]", "451[\"message\"]", "40\"not an object\"", "40{\"token\":\"x\"}trailing", "41anything"})
    void aPacketTheProtocolDoesNotDefine_closesTheConnection(String packet) {
        for (Kind kind : Kind.values()) {
            try (EngineSocket socket = connected(kind)) {
                socket.send(packet);

                assertThat(socket.awaitClosed(Duration.ofSeconds(5))).as("%s on %s", packet, kind).isIn(1000, 1005, -1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anInvalidHandshakePacket_closesTheConnection(Kind kind) {
        try (EngineSocket socket = session(kind)) {
            socket.send("4abc");

            assertThat(socket.awaitClosed(Duration.ofSeconds(5))).isIn(1000, 1005, -1);
        }
    }

    // ---------------------------------------------------------------- disconnect

    @ParameterizedTest
    @EnumSource(Kind.class)
    void disconnectFromTheMainNamespace_keepsTheSession_pingsGoOn_andItMayConnectAgain(Kind kind) {
        try (EngineSocket socket = connected(kind)) {
            socket.answerPings(false);
            socket.send("41");

            assertThat(socket.nextText()).isEqualTo("2");
            socket.send("3");
            socket.send(SERVERS.get(kind).connectMain());
            assertThat(socket.nextText()).startsWith("40{\"sid\":");
        }
    }

    @Test
    void disconnectFromACustomNamespace_leavesTheMainOneConnected() {
        try (EngineSocket socket = connected(Kind.ATTACHED)) {
            socket.send("40/custom");
            assertThat(socket.nextText()).startsWith("40/custom,");
            assertThat(socket.nextText()).startsWith("42/custom,[\"auth\"");

            socket.send("41/custom");
            socket.send("42[\"message\",\"message to main namespace\"]");

            assertThat(socket.nextText()).isEqualTo("42[\"message-back\",\"message to main namespace\"]");
        }
    }

    // ---------------------------------------------------------------- events and acks

    @Test
    void anEvent_reachesItsListenerWithEveryArgument() {
        try (EngineSocket socket = connected(Kind.ATTACHED)) {
            socket.send("42[\"message\",1,\"2\",{\"3\":[true]}]");

            assertThat(socket.nextText()).isEqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]}]");
        }
    }

    @Test
    void anEventWithAnAckId_isAcknowledgedUnderThatId() {
        try (EngineSocket socket = connected(Kind.ATTACHED)) {
            socket.send("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");

            assertThat(socket.nextText()).isEqualTo("43456[1,\"2\",{\"3\":[false]}]");
        }
    }

    // ---------------------------------------------------------------- binary

    @Test
    void aBinaryEventOverWebsocket_reachesItsListenerAsByteArrays_andEchoesAsBinaryFrames() {
        int before = attached().hostMessages.size();
        try (EngineSocket socket = connected(Kind.ATTACHED)) {
            socket.send("452-[\"message\"," + PLACEHOLDERS + "]");
            socket.send(new byte[] {1, 2, 3});
            socket.send(new byte[] {4, 5, 6});

            assertThat(socket.nextText()).isEqualTo("452-[\"message-back\"," + PLACEHOLDERS + "]");
            assertThat(((Binary) socket.next()).bytes()).containsExactly(1, 2, 3);
            assertThat(((Binary) socket.next()).bytes()).containsExactly(4, 5, 6);
            List<Object> received = attached().hostMessages.get(before);
            assertThat((byte[]) received.get(0)).containsExactly(1, 2, 3);
            assertThat((byte[]) received.get(1)).containsExactly(4, 5, 6);
        }
    }

    @Test
    void aBinaryEventWithAnAckId_isAcknowledgedWithABinaryAck() {
        try (EngineSocket socket = connected(Kind.ATTACHED)) {
            socket.send("452-789[\"message-with-ack\"," + PLACEHOLDERS + "]");
            socket.send(new byte[] {1, 2, 3});
            socket.send(new byte[] {4, 5, 6});

            assertThat(socket.nextText()).isEqualTo("462-789[" + PLACEHOLDERS + "]");
            assertThat(((Binary) socket.next()).bytes()).containsExactly(1, 2, 3);
            assertThat(((Binary) socket.next()).bytes()).containsExactly(4, 5, 6);
        }
    }

    @Test
    void binaryOverPolling_travelsAsBase64PacketsBothWays() {
        SpecServer server = attached();
        EngineHttp http = new EngineHttp(server.port);
        String query = "EIO=4&transport=polling&sid=" + http.handshake();
        http.post(query, "40");
        assertThat(polled(http, query, packets -> packets.contains("42[\"auth\",{}]"))).first().asString().startsWith("40{\"sid\":");
        int before = server.hostMessages.size();

        http.post(query, "451-[\"message\",{\"_placeholder\":true,\"num\":0}]\u001ebAQID");

        List<String> echo = polled(http, query, packets -> packets.contains("bAQID"));
        assertThat(echo).containsSubsequence("451-[\"message-back\",{\"_placeholder\":true,\"num\":0}]", "bAQID");
        assertThat((byte[]) server.hostMessages.get(before).get(0)).containsExactly(1, 2, 3);
    }

    /** Polls (answering pings) until the packets received so far, pings left out, satisfy {@code done}. */
    private static List<String> polled(EngineHttp http, String query, java.util.function.Predicate<List<String>> done) {
        List<String> packets = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.test(packets)) {
            assertThat(System.nanoTime()).as("packets so far: %s", packets).isLessThan(deadline);
            for (String packet : http.get(query).body().split("\u001e")) {
                if (packet.equals("2")) {
                    http.post(query, "3");
                } else {
                    packets.add(packet);
                }
            }
        }
        return packets;
    }

    @Test
    void binaryParamsOfAnExecute_reachTheBackendAsBytes_andABinaryResultComesBackAsAnAttachment() {
        try (EngineSocket socket = connected(Kind.STANDALONE)) {
            socket.send("451-7[\"integration:execute\",{\"projectId\":\"" + PROJECT + "\",\"integrationId\":\"" + TWEETS
                    + "\",\"endpoint\":\"echo\",\"params\":{\"file\":{\"_placeholder\":true,\"num\":0}},\"requestId\":\"bin-1\"}]");
            socket.send(new byte[] {9, 8, 7, 0, -1});

            String ack = socket.nextText();
            assertThat(ack).startsWith("461-7[").contains("\"params\":{\"file\":{\"_placeholder\":true,\"num\":0}}");
            assertThat(((Binary) socket.next()).bytes()).containsExactly(9, 8, 7, 0, -1);
        }
    }

    @Test
    void aRetriedBinaryExecute_getsTheSameBytesFromTheIdempotencyStore() {
        try (EngineSocket socket = connected(Kind.STANDALONE)) {
            for (int ackId = 1; ackId <= 2; ackId++) {
                socket.send("451-" + ackId + "[\"integration:execute\",{\"projectId\":\"" + PROJECT + "\",\"integrationId\":\"" + TWEETS
                        + "\",\"endpoint\":\"echo\",\"params\":{\"file\":{\"_placeholder\":true,\"num\":0}},\"requestId\":\"bin-retry\"}]");
                socket.send(new byte[] {42, 43});

                assertThat(socket.nextText()).startsWith("461-" + ackId + "[");
                assertThat(((Binary) socket.next()).bytes()).containsExactly(42, 43);
            }
        }
    }

    @Test
    void binaryInAnIdField_isRefusedAsTheWrongType() {
        try (EngineSocket socket = connected(Kind.STANDALONE)) {
            socket.send("451-3[\"integration:status\",{\"projectId\":\"" + PROJECT + "\",\"integrationId\":{\"_placeholder\":true,\"num\":0}}]");
            socket.send(new byte[] {1});

            assertThat(socket.nextText()).startsWith("433[").contains("\"code\":\"INVALID_REQUEST\"")
                    .contains("field 'integrationId' has the wrong type");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void attachmentsLargerThanMaxPayload_closeTheConnection(Kind kind) {
        try (EngineSocket socket = connected(kind)) {
            socket.send("453-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":2}]");
            for (int i = 0; i < 3; i++) {
                socket.send(new byte[SpecServer.MAX_PAYLOAD / 2]);
            }

            assertThat(socket.awaitClosed(Duration.ofSeconds(5))).isIn(1000, 1005, -1);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPlaceholderWithoutItsAttachment_closesTheConnection(Kind kind) {
        try (EngineSocket socket = connected(kind)) {
            // An event its listeners read as JSON (an unknown one is answered UNKNOWN_EVENT, its arguments unread).
            String event = kind == Kind.ATTACHED ? "message" : "integration:status";
            socket.send("451-[\"" + event + "\",{\"_placeholder\":true,\"num\":5}]");
            socket.send(new byte[] {1});

            assertThat(socket.awaitClosed(Duration.ofSeconds(5))).isIn(1000, 1005, -1);
        }
    }
}
