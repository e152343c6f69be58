package io.integrationsrealtime.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.integrationsrealtime.protocol.ExecuteRequest;
import io.integrationsrealtime.protocol.ProtocolJson;
import io.socket.parser.IOParser;
import io.socket.parser.Packet;
import io.socket.parser.Parser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("android")
class JacksonPacketEncoderTest {

    private static Packet<JSONArray> packet(int type, String nsp, int id, Object... arguments) {
        JSONArray data = new JSONArray();
        for (Object argument : arguments) {
            data.put(argument);  // as Socket.emit and Socket.ack build it
        }
        Packet<JSONArray> packet = new Packet<>(type, data);
        packet.nsp = nsp;
        packet.id = id;
        return packet;
    }

    /** What an encoder hands to the engine: strings and byte arrays, compared by content. */
    private static List<Object> encode(Parser.Encoder encoder, Packet<?> packet) {
        List<Object> written = new ArrayList<>();
        encoder.encode(packet, encoded -> {
            for (Object part : encoded) {
                written.add(part instanceof byte[] bytes ? Arrays.toString(bytes) : part);
            }
        });
        return written;
    }

    private static JsonNode tree(String json) throws Exception {
        return ProtocolJson.mapper().readTree(json);
    }

    @Test
    void aRequestIsItsEventNameAndTheRecordsJsonText() throws Exception {
        ExecuteRequest request = JsonBridgeTest.richRequest();
        String json = ProtocolJson.write(request);

        List<Object> written = encode(new JacksonPacketEncoder(),
                packet(Parser.EVENT, "/integrations", 12, "integration:execute", JsonBridge.toJsonText(request)));

        assertThat(written).containsExactly("2/integrations,12[\"integration:execute\"," + json + "]");
        // The same packet as the stock encoder wrote it from the org.json object the SDK sent before
        // carries the same JSON (escapes may differ: Android's org.json writes "/" as "\\/").
        List<Object> stock = encode(new IOParser.Encoder(),
                packet(Parser.EVENT, "/integrations", 12, "integration:execute", JsonBridge.toJson(request)));
        String ours = (String) written.get(0);
        String theirs = (String) stock.get(0);
        String header = "2/integrations,12";
        assertThat(theirs).startsWith(header);
        assertThat(tree(ours.substring(header.length()))).isEqualTo(tree(theirs.substring(header.length())));
        assertThat(ProtocolJson.read(tree(ours.substring(header.length())).get(1), ExecuteRequest.class)).isEqualTo(request);
    }

    @Test
    void theHeaderIsTheStockEncodersForEveryNamespaceAndAckId() {
        String[] namespaces = {null, "", "/", "/integrations"};
        for (String nsp : namespaces) {
            for (int id : new int[] {-1, 0, 7, Integer.MAX_VALUE}) {
                for (int type : new int[] {Parser.EVENT, Parser.ACK}) {
                    // Strings only: written here, and exactly as org.json writes them.
                    Packet<JSONArray> strings = packet(type, nsp, id, "event", "a\"b\\c</d\u2028\u0001é☃😀");

                    assertThat(encode(new JacksonPacketEncoder(), strings)).as("%s %s %s", type, nsp, id)
                            .isEqualTo(encode(new IOParser.Encoder(), packet(type, nsp, id, "event", "a\"b\\c</d\u2028\u0001é☃😀")));
                }
            }
        }
        assertThat(encode(new JacksonPacketEncoder(), packet(Parser.ACK, "/", 3)))
                .containsExactly("33[]");
    }

    @Test
    void whatItWritesDecodesAsTheRecord() {
        ExecuteRequest request = JsonBridgeTest.richRequest();
        List<Object> written = encode(new JacksonPacketEncoder(),
                packet(Parser.EVENT, "/", 4, "integration:execute", JsonBridge.toJsonText(request)));

        Packet<JSONArray> decoded = JacksonPacketDecoder.decodeEventOrAck((String) written.get(0));

        assertThat(decoded.id).isEqualTo(4);
        assertThat(decoded.data.get(0)).isEqualTo("integration:execute");
        assertThat(JsonBridge.fromJson(decoded.data.get(1), ExecuteRequest.class)).isEqualTo(request);
    }

    @Test
    void aRequestWithItsOwnAckIdIsWrittenAsSocketIoWouldWriteItsAck() {
        ExecuteRequest request = JsonBridgeTest.richRequest();
        JsonBridge.JsonText text = JsonBridge.toJsonText(request);
        for (String nsp : new String[] {"/", "/integrations"}) {
            // As Socket.emit(event, args, null) builds it: no socket.io ack id on the packet.
            List<Object> ours = encode(new JacksonPacketEncoder(), packet(Parser.EVENT, nsp, -1, "integration:execute",
                    new JacksonPacketEncoder.WithAck(1 << 30, text)));
            List<Object> socketIos = encode(new JacksonPacketEncoder(), packet(Parser.EVENT, nsp, 1 << 30,
                    "integration:execute", text));

            assertThat(ours).isEqualTo(socketIos);
            Packet<JSONArray> decoded = JacksonPacketDecoder.decodeEventOrAck((String) ours.get(0));
            assertThat(decoded.id).isEqualTo(1 << 30);
            assertThat(JsonBridge.fromJson(decoded.data.get(1), ExecuteRequest.class)).isEqualTo(request);
        }
    }

    @Test
    void anAckIdOfOursOnlyRidesAsTheLastArgumentOfAnEventWithoutOne() {
        JacksonPacketEncoder.WithAck withAck = new JacksonPacketEncoder.WithAck(5, JsonBridge.toJsonText(Map.of("a", 1)));
        List<Packet<JSONArray>> misplaced = List.of(
                packet(Parser.EVENT, "/", 3, "event", withAck),         // socket.io already gave it an id
                packet(Parser.EVENT, "/", -1, "event", withAck, "x"),   // not last
                packet(Parser.ACK, "/", 4, withAck));                   // an ack, not a request
        for (Packet<JSONArray> packet : misplaced) {
            assertThat(JacksonPacketEncoder.encodeText(packet)).as(packet.data.toString()).isNull();
        }
    }

    @Test
    void everyOtherPacketIsTheStockEncoders() {
        List<Packet<?>> delegated = new ArrayList<>();
        IOParser.Encoder stock = new IOParser.Encoder();
        Parser.Encoder recording = (packet, callback) -> {
            delegated.add(packet);
            stock.encode(packet, callback);
        };
        JacksonPacketEncoder encoder = new JacksonPacketEncoder(recording);
        List<java.util.function.Supplier<Packet<?>>> packets = List.of(
                () -> new Packet<>(Parser.CONNECT, new JSONObject(Map.of("token", "t\"ok"))),
                () -> new Packet<>(Parser.CONNECT),
                () -> {
                    Packet<Object> disconnect = new Packet<>(Parser.DISCONNECT);
                    disconnect.nsp = "/integrations";
                    return disconnect;
                },
                () -> packet(Parser.EVENT, "/", 1, "event", new JSONObject().put("a", 1)),
                () -> packet(Parser.ACK, "/", 2, 5, true, JSONObject.NULL),
                () -> packet(Parser.EVENT, "/integrations", 3, "upload", new byte[] {1, 2, 3}),
                () -> packet(Parser.ACK, "/", 4, new JSONObject().put("file", new byte[] {4})),
                // The SDK never mixes a JsonText with other arguments; the stock encoder would write
                // it as a quoted string, like any object it does not know.
                () -> packet(Parser.EVENT, "/", -1, "mixed", JsonBridge.toJsonText(Map.of("a", 1)), 7),
                () -> new Packet<>(Parser.EVENT, "not an array"));

        for (java.util.function.Supplier<Packet<?>> make : packets) {
            int before = delegated.size();
            List<Object> ours = encode(encoder, make.get());
            List<Object> theirs = encode(new IOParser.Encoder(), make.get());
            assertThat(ours).as(theirs.toString()).isEqualTo(theirs);
            assertThat(delegated).as(theirs.toString()).hasSize(before + 1);
        }
        assertThat(encode(encoder, packets.get(5).get())).hasSize(2);  // a binary event and its attachment
    }
}
