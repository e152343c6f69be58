package io.integrationsrealtime.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.socket.parser.DecodingException;
import io.socket.parser.IOParser;
import io.socket.parser.Packet;
import io.socket.parser.Parser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoder against socket.io-client-java's stock {@link IOParser.Decoder}: every input is fed to
 * both, and the packets (type, namespace, ack id, attachments, data as a JSON tree with numbers
 * compared by value) or the failures must be the same.
 */
@Tag("android")
class JacksonPacketDecoderTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The stock decoder logs a warning with a stack trace for every malformed payload. */
    private static final java.util.logging.Logger STOCK_LOG = java.util.logging.Logger.getLogger(IOParser.class.getName());
    private static java.util.logging.Level stockLevel;

    @BeforeAll
    static void quietStockDecoder() {
        stockLevel = STOCK_LOG.getLevel();
        STOCK_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    @AfterAll
    static void restoreStockDecoderLog() {
        STOCK_LOG.setLevel(stockLevel);
    }

    // ---- the fast path ----

    @ParameterizedTest
    @ValueSource(strings = {
            "2[\"execution:completed\",{\"a\":1}]",
            "2[\"only-a-name\"]",
            "2/integrations,[\"usage:updated\",{\"usage\":{\"requests\":43}}]",
            "2/,[\"root-with-comma\",1]",
            "212[\"event-with-ack\",{}]",
            "2/integrations,7[\"event-with-ack\",{\"x\":[1,2]}]",
            "30[{\"requestId\":\"r-1\"}]",
            "3/integrations,2147483647[{}]",
            "31[]",
            "3[]",
            "31[[],{},[[]],{\"e\":{}}]",
            "31[{\"deep\":{\"list\":[1,\"two\",[true,false,null],{\"k\":{\"deeper\":[{}]}}]}}]",
            // unicode, raw and escaped, and every escape
            "31[{\"text\":\"héllo wörld ☃ 😀 ünï\",\"key ☃\":\"v\"}]",
            "31[{\"escaped\":\"\\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9 \\u2603 \\ud83d\\ude00 \\u0000\"}]",
            "2[\"ev\\u00e9nt \\\"quoted\\\"\",\"arg\"]",
            // numbers
            "31[{\"int\":7,\"negative\":-3,\"zero\":0,\"long\":12345678901,\"beyond53\":9007199254740993,"
                    + "\"maxLong\":9223372036854775807,"
                    + "\"decimal\":1.5,\"wholeDecimal\":2.0,\"exp\":1e3,\"small\":-2.5E-7,\"negZero\":-0.0,"
                    + "\"precise\":0.1}]",
            "3[1,-1,9007199254740993,1.25,true,false,null,\"s\"]",
            // true / false / null, top-level and nested
            "3[null]",
            "3[null,{\"a\":null,\"b\":[null]},true,false]",
            "2[\"ev\",null,true,false,\"\",0]",
            // whitespace inside and after the array
            "3[ {\"a\" : 1 } , 2 ]  ",
            "3[{\"a\":1}]\n",
    })
    void eventsAndAcksDecodeAsTheStockDecoderDoes(String encoded) {
        Recording fallback = new Recording();

        Outcome ours = decode(new JacksonPacketDecoder(fallback), encoded);

        assertThat(fallback.texts).as("took the fast path").isEmpty();
        assertThat(ours).isEqualTo(decode(new IOParser.Decoder(), encoded));
    }

    @Test
    void argumentsAreJacksonTrees_theEventNameAString_topLevelNullsOrgJsonNull() {
        Packet<JSONArray> event = JacksonPacketDecoder.decodeEventOrAck(
                "2/integrations,5[\"webhook:received\",{\"n\":9007199254740993},[1],\"text\",7,null]");

        assertThat(event.type).isEqualTo(Parser.EVENT);
        assertThat(event.nsp).isEqualTo("/integrations");
        assertThat(event.id).isEqualTo(5);
        assertThat(event.attachments).isZero();
        JSONArray data = event.data;
        assertThat(data.length()).isEqualTo(6);
        assertThat(data.get(0)).isEqualTo("webhook:received");
        assertThat(data.get(1)).isInstanceOf(ObjectNode.class);
        assertThat(((JsonNode) data.get(1)).get("n").longValue()).isEqualTo(9007199254740993L);
        assertThat(data.get(2)).isInstanceOf(ArrayNode.class);
        assertThat(data.get(3)).isEqualTo(NODES.textNode("text"));
        assertThat(data.get(4)).isEqualTo(NODES.numberNode(7));
        // socket.io-client-java turns JSONObject.NULL (and only that) into a null argument.
        assertThat(data.get(5)).isSameAs(JSONObject.NULL);

        Packet<JSONArray> ack = JacksonPacketDecoder.decodeEventOrAck("312[null,{\"a\":null}]");
        assertThat(ack.type).isEqualTo(Parser.ACK);
        assertThat(ack.nsp).isEqualTo("/");
        assertThat(ack.id).isEqualTo(12);
        assertThat(ack.data.get(0)).isSameAs(JSONObject.NULL);
        assertThat(((JsonNode) ack.data.get(1)).get("a").isNull()).isTrue();
    }

    // ---- everything else: the stock decoder, unchanged ----

    @ParameterizedTest
    @ValueSource(strings = {
            // other packet types
            "0{\"sid\":\"abc\"}",
            "0/integrations,{\"sid\":\"abc\"}",
            "1",
            "1/integrations,",
            "4{\"message\":\"Invalid namespace\",\"data\":{\"code\":\"UNAUTHENTICATED\"}}",
            "4/integrations,{\"message\":\"no\"}",
            // events and acks the stock decoder reads its own way
            "2[5,1]",
            "2[{\"o\":1},1]",
            "2[true]",
            "2 [\"leading-space\"]",
            "2[\"trailing\"]garbage",
            "2[\"a\",1]]",
            "2[\"unquoted\",abc]",
            "2[\"single\",'quoted']",
            "2[\"leading-zero\",01]",
            "2[\"nan\",NaN]",
            "2[\"control\",\"\u0001\"]",
            "2[\"trailing-comma\",[1,],{\"k\":1,}]",
            "3",
            "31",
            "3/nsp",
            "3/nsp,",
    })
    void everythingElseGoesToTheStockDecoderUnchanged(String encoded) {
        Recording fallback = new Recording();

        // Decoded, or refused, as the stock decoder decides: the org.json jar and Android's org.json
        // differ on some of these (NaN, trailing commas).
        Object ours = outcomeOrFailure(new JacksonPacketDecoder(fallback), encoded);

        assertThat(fallback.texts).containsExactly(encoded);
        assertThat(JacksonPacketDecoder.decodeEventOrAck(encoded)).isNull();
        assertThat(ours).isEqualTo(outcomeOrFailure(new IOParser.Decoder(), encoded));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2[\"a\",}",
            "2[\"truncated\"",
            "3[1,2",
            "3[{\"a\":",
            "2[]",
            "2[null]",
            "2{\"a\":1}",
            "3{\"a\":1}",
            "3\"x\"",
            "0[1]",
            "4\"x\"",
            "1{}",
            "299999999999[\"id-beyond-int\"]",
            "22147483648[\"id-beyond-int\"]",
            "24294967295[\"id-beyond-int\"]",
            "21a[\"x\"]",
            "2/a,b,1[\"x\"]",
            "7[]",
            "9",
    })
    void malformedPacketsFailAsTheStockDecoderFails(String encoded) {
        Throwable stock = catchThrowable(() -> new IOParser.Decoder().add(encoded));
        assertThat(stock).as("the stock decoder refuses it").isInstanceOf(DecodingException.class);
        List<Packet<?>> decoded = new ArrayList<>();
        JacksonPacketDecoder ours = new JacksonPacketDecoder();
        ours.onDecoded(decoded::add);

        Throwable thrown = catchThrowable(() -> ours.add(encoded));

        assertThat(thrown).isInstanceOf(DecodingException.class).hasMessage(stock.getMessage());
        assertThat(decoded).isEmpty();
    }

    /** Input that JSON-java refuses and Android's org.json accepts (the last duplicate key wins, "\x" reads as "x"). */
    @ParameterizedTest
    @ValueSource(strings = {
            "2[\"dup\",{\"k\":1,\"k\":2}]",
            "3[{\"k\":{\"dup\":1,\"dup\":1}}]",
            "2[\"bad-escape\",\"\\x\"]",
    })
    void inputTheTwoOrgJsonsDisagreeAbout_isLeftToTheStockDecoder(String encoded) {
        assertThat(JacksonPacketDecoder.decodeEventOrAck(encoded)).isNull();

        Object stock = outcomeOrFailure(new IOParser.Decoder(), encoded);
        Object ours = outcomeOrFailure(new JacksonPacketDecoder(), encoded);

        assertThat(ours).isEqualTo(stock);
        assertThat(stock).isInstanceOf(OrgJson.android() ? Outcome.class : String.class);
    }

    @Test
    void integersBeyondALongKeepTheirDigits_whereAndroidsOrgJsonRoundsThem() {
        String encoded = "31[{\"huge\":123456789012345678901234567890}]";
        BigDecimal exact = new BigDecimal("123456789012345678901234567890");

        Outcome ours = decode(new JacksonPacketDecoder(), encoded);
        Outcome stock = decode(new IOParser.Decoder(), encoded);

        assertThat(ours.data().get(0).get("huge").decimalValue()).isEqualByComparingTo(exact);
        // The stock decoder reads it exactly with JSON-java, as a double with Android's org.json.
        assertThat(stock.data().get(0).get("huge").decimalValue())
                .isEqualByComparingTo(OrgJson.android() ? BigDecimal.valueOf(1.2345678901234568E29) : exact);
    }

    @Test
    void anEmptyStringFailsAsWithTheStockDecoder() {
        Throwable stock = catchThrowable(() -> new IOParser.Decoder().add(""));

        Throwable ours = catchThrowable(() -> new JacksonPacketDecoder().add(""));

        assertThat(ours).isNotNull().hasSameClassAs(stock);
    }

    @Test
    void binaryPacketsAndTheirAttachmentsGoToTheStockDecoder() {
        byte[] first = {1, 2, 3};
        byte[] second = {(byte) 0xff};
        Object[] inputs = {
                "52-[\"upload\",{\"file\":{\"_placeholder\":true,\"num\":0}},{\"_placeholder\":true,\"num\":1}]",
                first, second,
                "61-/integrations,4[{\"_placeholder\":true,\"num\":0}]",
                first,
                "50-[\"no-attachments\",1]",
        };

        List<Outcome> ours = decodeAll(new JacksonPacketDecoder(), inputs);

        assertThat(ours).hasSize(3).isEqualTo(decodeAll(new IOParser.Decoder(), inputs));
        assertThat(ours.get(0).type()).isEqualTo(Parser.BINARY_EVENT);
        assertThat(ours.get(0).data().get(1).get("file")).isEqualTo(NODES.binaryNode(first));
        assertThat(ours.get(1).type()).isEqualTo(Parser.BINARY_ACK);
        assertThat(ours.get(1).nsp()).isEqualTo("/integrations");
    }

    @Test
    void aTextEventBetweenABinaryEventAndItsAttachment_isDecodedAsByTheStockDecoder() {
        Object[] inputs = {
                "51-[\"upload\",{\"_placeholder\":true,\"num\":0}]",
                "2[\"meanwhile\",{\"n\":1}]",
                "31[{\"ok\":true}]",
                new byte[] {42},
        };

        List<Outcome> ours = decodeAll(new JacksonPacketDecoder(), inputs);

        assertThat(ours).extracting(Outcome::type).containsExactly(Parser.EVENT, Parser.ACK, Parser.BINARY_EVENT);
        assertThat(ours).isEqualTo(decodeAll(new IOParser.Decoder(), inputs));
    }

    @Test
    void anAttachmentWithoutItsPacketFailsAsWithTheStockDecoder() {
        Throwable stock = catchThrowable(() -> new IOParser.Decoder().add(new byte[] {1}));

        Throwable ours = catchThrowable(() -> new JacksonPacketDecoder().add(new byte[] {1}));

        assertThat(ours).isNotNull().hasSameClassAs(stock).hasMessage(stock.getMessage());
    }

    @Test
    void theCallbackIsTheManagersUntilDestroyed() {
        Recording fallback = new Recording();
        JacksonPacketDecoder decoder = new JacksonPacketDecoder(fallback);
        List<Packet<?>> decoded = new ArrayList<>();
        Parser.Decoder.Callback callback = decoded::add;

        decoder.onDecoded(callback);
        decoder.add("3[]");
        decoder.add("0{\"sid\":\"s\"}");
        assertThat(fallback.callback).isNotNull();  // the stock decoder's packets reach the Manager's callback
        assertThat(decoded).extracting(p -> p.type).containsExactly(Parser.ACK, Parser.CONNECT);

        // As Manager.cleanup(): callback cleared, then destroy; packets arriving later go nowhere.
        decoder.onDecoded(null);
        decoder.destroy();
        decoder.add("3[]");
        decoder.add("0{\"sid\":\"s\"}");
        assertThat(fallback.destroyed).isTrue();
        assertThat(decoded).hasSize(2);

        // Reused by the Manager after a reconnect.
        decoder.onDecoded(callback);
        decoder.add("2[\"again\"]");
        assertThat(decoded).hasSize(3);
    }

    @Test
    void acksWithTheSdksIdsGoToTheRouter_othersToSocketIo() {
        Map<Integer, Object[]> routed = new LinkedHashMap<>();
        JacksonPacketDecoder decoder = new JacksonPacketDecoder(new IOParser.Decoder(), (id, arguments) -> {
            if (id < 1000) {
                return false;  // not one of "ours"
            }
            routed.put(id, arguments);
            return true;
        });
        List<Packet<?>> toSocketIo = new ArrayList<>();
        decoder.onDecoded(toSocketIo::add);

        decoder.add("31000[{\"ok\":1},null]");          // fast path
        decoder.add("3/nsp,1001[{\"ok\":2}]");          // fast path, namespace
        decoder.add("31002 [{\"ok\":3}]");              // whitespace: the stock decoder reads it
        decoder.add("61-1003[{\"_placeholder\":true,\"num\":0}]");  // binary ack, then its attachment
        decoder.add(new byte[] {7});
        decoder.add("37[{\"ok\":4}]");                  // socket.io's own id
        decoder.add("21004[\"event\",{}]");             // an EVENT with an id is the server's request, not an ack
        decoder.add("3[{}]");                           // no id

        assertThat(routed).containsOnlyKeys(1000, 1001, 1002, 1003);
        assertThat(routed.get(1000)).hasSize(2);
        assertThat(routed.get(1000)[0]).isInstanceOf(JsonNode.class);
        assertThat(((JsonNode) routed.get(1000)[0]).get("ok").intValue()).isEqualTo(1);
        assertThat(routed.get(1000)[1]).isNull();
        assertThat(canonical(routed.get(1002)[0])).isEqualTo(canonical(new JSONObject().put("ok", 3)));
        assertThat(routed.get(1003)[0]).isEqualTo(new byte[] {7});  // the placeholder, replaced by its attachment
        assertThat(toSocketIo).extracting(p -> p.type + ":" + p.id).containsExactly("3:7", "2:1004", "3:-1");
    }

    @Test
    void theTextOfAnAckIsOfferedFirst_andReadAsATreeOnlyWhenDeclined() {
        List<String> calls = new ArrayList<>();
        JacksonPacketDecoder decoder = new JacksonPacketDecoder(new IOParser.Decoder(), new JacksonPacketDecoder.AckRouter() {
            @Override
            public boolean route(int ackId, Object[] arguments) {
                calls.add("tree " + ackId + " " + arguments[0]);
                return true;
            }

            @Override
            public boolean routeText(int ackId, char[] chars, int arrayStart) {
                calls.add("text " + ackId + " " + new String(chars, arrayStart, chars.length - arrayStart));
                return ackId == 1;
            }
        });
        List<Packet<?>> toSocketIo = new ArrayList<>();
        decoder.onDecoded(toSocketIo::add);

        decoder.add("31[{\"a\":1}]");
        decoder.add("3/nsp,2[{\"b\":2}]");
        decoder.add("2[\"event\",{}]");

        assertThat(calls).containsExactly("text 1 [{\"a\":1}]", "text 2 [{\"b\":2}]", "tree 2 {\"b\":2}");
        assertThat(toSocketIo).hasSize(1);
    }

    // ---- harness ----

    /** A decoded packet as comparable values, or the failure. */
    private record Outcome(int type, String nsp, int id, int attachments, JsonNode data, String dataClass) {
    }

    private static Outcome decode(Parser.Decoder decoder, String encoded) {
        List<Outcome> outcomes = decodeAll(decoder, encoded);
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    /** The decoded packet, or the message of the decoder's failure. */
    private static Object outcomeOrFailure(Parser.Decoder decoder, String encoded) {
        try {
            return decode(decoder, encoded);
        } catch (DecodingException e) {
            return e.getMessage();
        }
    }

    private static List<Outcome> decodeAll(Parser.Decoder decoder, Object... inputs) {
        List<Outcome> outcomes = new ArrayList<>();
        decoder.onDecoded(packet -> outcomes.add(new Outcome(packet.type, packet.nsp, packet.id, packet.attachments,
                canonical(packet.data), packet.data == null ? null : topLevelKind(packet.data))));
        for (Object input : inputs) {
            if (input instanceof String text) {
                decoder.add(text);
            } else {
                decoder.add((byte[]) input);
            }
        }
        return outcomes;
    }

    /** JSONArray and JSONObject: the containers socket.io-client-java itself looks at. */
    private static String topLevelKind(Object data) {
        return data instanceof JSONArray ? "array" : data instanceof JSONObject ? "object" : data.getClass().getName();
    }

    /**
     * An org.json value, a Jackson tree, or a mix of both as one Jackson tree, numbers as
     * BigDecimals without trailing zeros (the org.json jar reads 1.0 as BigDecimal 1.0, Android's
     * org.json and Jackson as a double), so that equal JSON compares equal.
     */
    private static JsonNode canonical(Object value) {
        if (value == null) {
            return null;
        }
        if (value == JSONObject.NULL) {
            return NODES.nullNode();
        }
        if (value instanceof JSONArray array) {
            ArrayNode node = NODES.arrayNode();
            for (int i = 0; i < array.length(); i++) {
                node.add(canonical(array.get(i)));
            }
            return node;
        }
        if (value instanceof JSONObject object) {
            ObjectNode node = NODES.objectNode();
            for (String key : OrgJson.keys(object)) {
                node.set(key, canonical(object.get(key)));
            }
            return node;
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        if (value instanceof Double number && !Double.isFinite(number)) {
            return NODES.textNode("not finite: " + number);  // Android's org.json reads NaN and Infinity
        }
        if (value instanceof Number number) {
            return NODES.numberNode(new BigDecimal(number.toString()).stripTrailingZeros());
        }
        if (value instanceof byte[] bytes) {
            return NODES.binaryNode(bytes);
        }
        if (value instanceof JsonNode tree) {
            if (tree.isNumber()) {
                return NODES.numberNode(tree.decimalValue().stripTrailingZeros());
            }
            if (tree.isArray()) {
                ArrayNode node = NODES.arrayNode();
                tree.forEach(element -> node.add(canonical(element)));
                return node;
            }
            if (tree.isObject()) {
                ObjectNode node = NODES.objectNode();
                for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    node.set(name, canonical(tree.get(name)));
                }
                return node;
            }
            return tree;  // text, boolean, null
        }
        throw new AssertionError("unexpected value " + value.getClass());
    }

    /** The stock decoder, recording what it was given. */
    private static final class Recording implements Parser.Decoder {
        final IOParser.Decoder stock = new IOParser.Decoder();
        final List<String> texts = new ArrayList<>();
        Callback callback;
        boolean destroyed;

        @Override
        public void add(String obj) {
            texts.add(obj);
            stock.add(obj);
        }

        @Override
        public void add(byte[] obj) {
            stock.add(obj);
        }

        @Override
        public void destroy() {
            destroyed = true;
            stock.destroy();
        }

        @Override
        public void onDecoded(Callback callback) {
            this.callback = callback;
            stock.onDecoded(callback);
        }
    }
}
