package io.integrationsrealtime.client.internal;

import static io.integrationsrealtime.client.internal.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.integrationsrealtime.protocol.ExecuteRequest;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.ErrorInfo;
import io.integrationsrealtime.protocol.ExecutionResult;
import io.integrationsrealtime.protocol.IntegrationRequest;
import io.integrationsrealtime.protocol.ProtocolJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("android")
class JsonBridgeTest {

    private static final String PROJECT = "6958511e8397f2dfa88090d8";
    private static final String INTEGRATION = "64b2c3d4e5f6789012345678";

    @Test
    void executeRequestBecomesTheSeedJsonObject() {
        ExecuteRequest request = new ExecuteRequest(PROJECT, INTEGRATION, "getUserTweets",
                Map.of("userId", "123", "tags", List.of("a", "b"), "nested", Map.of("n", 1)), null, "r-2");

        JSONObject json = JsonBridge.toJson(request);

        assertThat(json.getString("projectId")).isEqualTo(PROJECT);
        assertThat(json.getString("endpoint")).isEqualTo("getUserTweets");
        assertThat(json.getJSONObject("params").getString("userId")).isEqualTo("123");
        assertThat(OrgJson.tree(json.getJSONObject("params").getJSONArray("tags"))).isEqualTo(tree("[\"a\",\"b\"]"));
        assertThat(json.getJSONObject("params").getJSONObject("nested").getInt("n")).isEqualTo(1);
        assertThat(json.getJSONObject("requestData").length()).isZero();
        assertThat(json.getString("requestId")).isEqualTo("r-2");
    }

    @Test
    void aRequestWithoutBytes_goesOutAsItsJsonText() {
        Object argument = JsonBridge.toArgument(new ExecuteRequest(PROJECT, INTEGRATION, "getUserTweets",
                Map.of("userId", "123"), null, "r-3"));

        assertThat(argument).isInstanceOf(JsonBridge.JsonText.class);
        assertThat(((JsonBridge.JsonText) argument).json()).contains("\"userId\":\"123\"");
    }

    @Test
    void aRequestWithBytes_goesOutAsAnObjectHoldingThem_forSocketIoToSendAsAttachments() {
        byte[] file = {1, 2, (byte) 0xff};
        Object argument = JsonBridge.toArgument(new ExecuteRequest(PROJECT, INTEGRATION, "upload",
                Map.of("file", file, "name", "f"), Map.of("nested", Map.of("raw", file)), "r-4"));

        assertThat(argument).isInstanceOf(JSONObject.class);
        JSONObject json = (JSONObject) argument;
        assertThat((byte[]) json.getJSONObject("params").get("file")).containsExactly(file);
        assertThat((byte[]) json.getJSONObject("requestData").getJSONObject("nested").get("raw")).containsExactly(file);
        assertThat(json.getJSONObject("params").getString("name")).isEqualTo("f");
    }

    @Test
    void bytesSocketIoPutBackInAReceivedObject_bindAsByteArrays() {
        JSONObject received = new JSONObject().put("success", true)
                .put("data", new JSONObject().put("file", new byte[] {7, 8}).put("list", new org.json.JSONArray().put(new byte[] {9})));

        io.integrationsrealtime.protocol.ExecutionResult result =
                JsonBridge.fromJson(received, io.integrationsrealtime.protocol.ExecutionResult.class);

        assertThat((byte[]) result.data().get("file")).containsExactly(7, 8);
        assertThat((byte[]) ((List<?>) result.data().get("list")).get(0)).containsExactly(9);
    }

    @Test
    void nullFieldsAreLeftOut() {
        JSONObject json = JsonBridge.toJson(new IntegrationRequest(PROJECT, INTEGRATION, null));

        assertThat(OrgJson.keys(json)).containsExactlyInAnyOrder("projectId", "integrationId");
    }

    @Test
    void receivedJsonObjectBecomesARecord() {
        JSONObject json = new JSONObject("""
                { "integrationId": "64b2c3d4e5f6789012345678", "endpoint": "getUserTweets",
                  "result": { "success": true, "data": { "tweets": [ { "id": 1 } ] } },
                  "executionId": "4f0c6c1e", "requestId": "r-2",
                  "timestamp": "2026-03-18T10:00:00.000Z", "addedLater": 1 }""");

        ExecutionCompleted completed = JsonBridge.fromJson(json, ExecutionCompleted.class);

        assertThat(completed.result().success()).isTrue();
        assertThat(completed.result().data()).containsKey("tweets");
        assertThat(completed.requestId()).isEqualTo("r-2");
        assertThat(completed.timestamp()).isEqualTo(Instant.parse("2026-03-18T10:00:00Z"));
    }

    @Test
    void summaryResultHasNoData() {
        JSONObject json = new JSONObject("""
                { "integrationId": "64b2c3d4e5f6789012345678", "endpoint": "getUserTweets",
                  "result": { "success": true }, "executionId": "4f0c6c1e",
                  "timestamp": "2026-03-18T10:00:00.000Z" }""");

        ExecutionCompleted completed = JsonBridge.fromJson(json, ExecutionCompleted.class);

        assertThat(completed.result().isSummary()).isTrue();
        assertThat(completed.requestId()).isNull();
    }

    @Test
    void anythingButAnObjectIsRejected() {
        assertThatThrownBy(() -> JsonBridge.fromJson(new JSONArray("[1]"), ExecutionCompleted.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonBridge.fromJson("{}", ExecutionCompleted.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonBridge.fromJson(null, ExecutionCompleted.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPayloadThatIsNotJsonIsRejectedBeforeSending() {
        ExecuteRequest request = new ExecuteRequest(PROJECT, INTEGRATION, "x", Map.of("value", new Exploding()), null, "r");

        assertThatThrownBy(() -> JsonBridge.toJson(request)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failureIsATopLevelErrorField() {
        assertThat(JsonBridge.isFailure(new JSONObject("{\"error\":{\"code\":\"INTERNAL\"}}"))).isTrue();
        assertThat(JsonBridge.isFailure(new JSONObject("{\"result\":{\"success\":true}}"))).isFalse();
        assertThat(JsonBridge.isFailure(new JSONObject("{\"error\":null}"))).isFalse();
    }

    // The bridge converts between org.json trees and records without JSON text; these pin it to
    // what the text round trip (its earlier implementation) gave, value for value and type for type.

    private static final String RICH_ACK = """
            { "integrationId": "64b2c3d4e5f6789012345678", "endpoint": "e", "executionId": "x", "requestId": "r-1",
              "timestamp": "2026-03-18T10:00:00.123Z",
              "result": { "success": true, "data": {
                "int": 7, "negative": -3, "long": 12345678901, "huge": 123456789012345678901234567890,
                "decimal": 1.5, "wholeDecimal": 2.0, "exp": 1e3, "small": -2.5E-7, "zero": 0, "negZero": -0.0,
                "text": "héllo \\"quoted\\" \\u2603", "empty": "", "yes": true, "no": false, "nothing": null,
                "list": [1, "two", 3.25, null, [true], {"k": {"deep": [ ]}}], "object": {} } } }""";

    @Test
    void receivedTreeReadsAsTheTextRoundTripDid() {
        JSONObject json = new JSONObject(RICH_ACK);

        ExecutionCompleted direct = JsonBridge.fromJson(json, ExecutionCompleted.class);

        ExecutionCompleted viaText = ProtocolJson.read(json.toString(), ExecutionCompleted.class);
        assertThat(direct).isEqualTo(viaText);
        assertThat(direct.result().data().get("int")).isInstanceOf(Integer.class);
        assertThat(direct.result().data().get("long")).isEqualTo(12345678901L);
        // Read as the org.json on the classpath parsed it: JSON-java keeps an integer beyond a long,
        // Android's org.json reads it as a double (so does socket.io's stock decoder on a device).
        assertThat(direct.result().data().get("huge")).isEqualTo(OrgJson.android()
                ? 1.2345678901234568E29 : new BigInteger("123456789012345678901234567890"));
        assertThat(direct.result().data().get("decimal")).isEqualTo(1.5);
        assertThat(direct.result().data()).containsEntry("nothing", null);
    }

    @Test
    void programmaticTreeReadsAsTheTextRoundTripDid() {
        // put(String, Object) for the Float: Android's org.json has no put(String, float).
        JSONObject data = new JSONObject()
                .put("double", 0.1).put("wholeDouble", 3.0).put("float", Float.valueOf(1.1f)).put("long", 5L)
                .put("bigLong", Long.MAX_VALUE).put("bigDecimal", new BigDecimal("12.50"))
                .put("bigInteger", BigInteger.TEN).put("null", JSONObject.NULL)
                .put("array", new JSONArray().put(1).put(2.5).put(JSONObject.NULL));
        JSONObject json = new JSONObject().put("integrationId", INTEGRATION).put("endpoint", "e")
                .put("result", new JSONObject().put("success", true).put("data", data));

        ExecutionCompleted direct = JsonBridge.fromJson(json, ExecutionCompleted.class);

        assertThat(direct).isEqualTo(ProtocolJson.read(json.toString(), ExecutionCompleted.class));
    }

    @Test
    void aValueOrgJsonDoesNotProduceFallsBackToText() {
        JSONObject json = new JSONObject().put("integrationId", INTEGRATION).put("endpoint", "e")
                .put("result", new JSONObject().put("success", true)
                        .put("data", new JSONObject().put("odd", new StringBuilder("text"))));

        ExecutionCompleted direct = JsonBridge.fromJson(json, ExecutionCompleted.class);

        assertThat(direct).isEqualTo(ProtocolJson.read(json.toString(), ExecutionCompleted.class));
        assertThat(direct.result().data()).containsEntry("odd", "text");
    }

    @Test
    void aNonFiniteNumber_whichOnlyAndroidsOrgJsonReads_isAMalformedPayload() {
        // Android's JSONObject refuses NaN as a field's value, its JSONArray takes it.
        JSONObject json = new JSONObject("""
                { "integrationId": "i", "endpoint": "e", "result": { "success": true, "data": { "n": [NaN] } } }""");

        if (OrgJson.android()) {
            assertThat(json.getJSONObject("result").getJSONObject("data").getJSONArray("n").get(0)).isEqualTo(Double.NaN);
            assertThatThrownBy(() -> JsonBridge.fromJson(json, ExecutionCompleted.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("malformed JSON payload");
        } else {
            // The org.json jar reads the unquoted word as text.
            assertThat(JsonBridge.fromJson(json, ExecutionCompleted.class).result().data()).containsEntry("n", List.of("NaN"));
        }
    }

    @Test
    void wrongTypesAreReportedAsTheMapperReportsThem() {
        JSONObject json = new JSONObject("{\"integrationId\": \"i\", \"result\": \"not an object\"}");

        assertThatThrownBy(() -> JsonBridge.fromJson(json, ExecutionCompleted.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field 'result' has the wrong type");
        assertThat(JsonBridge.fromJson(new JSONObject("{\"code\":\"NOT_FOUND\",\"message\":\"m\"}"), ErrorInfo.class))
                .isEqualTo(ProtocolJson.read("{\"code\":\"NOT_FOUND\",\"message\":\"m\"}", ErrorInfo.class));
    }

    @Test
    void sentObjectCarriesTheValuesTheRecordWrites() {
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        params.put("int", 7);
        params.put("long", 12345678901L);
        params.put("huge", new BigInteger("123456789012345678901234567890"));
        params.put("double", 0.1);
        params.put("wholeDouble", 2.0);
        params.put("decimal", new BigDecimal("12.50"));
        params.put("text", "héllo \"quoted\" \u2603");
        params.put("nothing", null);
        params.put("list", List.of(1, "two", List.of(true), Map.of("k", Map.of())));
        ExecuteRequest request = new ExecuteRequest(PROJECT, INTEGRATION, "getUserTweets", params,
                Map.of("flag", false), "r-9");

        JSONObject direct = JsonBridge.toJson(request);

        JSONObject viaText = new JSONObject(ProtocolJson.write(request));
        if (OrgJson.android()) {
            // Android's org.json parses an integer beyond a long as a double; the bridge keeps its digits.
            assertThat(direct.getJSONObject("params").get("huge")).isEqualTo(new BigInteger("123456789012345678901234567890"));
            assertThat(viaText.getJSONObject("params").get("huge")).isEqualTo(1.2345678901234568E29);
            direct.getJSONObject("params").remove("huge");
            viaText.getJSONObject("params").remove("huge");
        }
        assertThat(OrgJson.tree(direct)).isEqualTo(OrgJson.tree(viaText));
        // What the server decodes from the text socket.io sends is what it decoded before.
        assertThat(ProtocolJson.read(direct.toString(), ExecuteRequest.class))
                .isEqualTo(ProtocolJson.read(viaText.toString(), ExecuteRequest.class));
        assertThat(direct.getJSONObject("params").get("nothing")).isEqualTo(JSONObject.NULL);
    }

    @Test
    void resultRecordsSurviveTheTripThroughTheBridge() {
        ExecutionCompleted sent = new ExecutionCompleted(INTEGRATION, "e",
                ExecutionResult.success(Map.of("tweets", List.of(Map.of("id", "1", "n", 2)))), "x", "r-3",
                Instant.parse("2026-03-18T10:00:00.123Z"));

        assertThat(JsonBridge.fromJson(JsonBridge.toJson(sent), ExecutionCompleted.class)).isEqualTo(sent);
    }

    // ---- the Jackson path: JsonNode arguments in (JacksonPacketDecoder), JsonText out ----

    @Test
    void receivedJacksonTreeBindsAsItsWireTextDoes() {
        ExecutionCompleted direct = JsonBridge.fromJson(tree(RICH_ACK), ExecutionCompleted.class);

        assertThat(direct).isEqualTo(ProtocolJson.read(RICH_ACK, ExecutionCompleted.class));
        Map<String, Object> data = direct.result().data();
        assertThat(data.get("int")).isEqualTo(7);
        assertThat(data.get("long")).isEqualTo(12345678901L);
        assertThat(data.get("huge")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(data.get("decimal")).isEqualTo(1.5);
        // As Jackson reads the text; the org.json path (which normalised 2.0 to 2) gave Integer 2.
        assertThat(data.get("wholeDecimal")).isEqualTo(2.0);
        assertThat(data.get("text")).isEqualTo("héllo \"quoted\" \u2603");
        assertThat(data).containsEntry("nothing", null);
        assertThat(direct.timestamp()).isEqualTo(Instant.parse("2026-03-18T10:00:00.123Z"));
    }

    @Test
    void aJacksonTreeThatIsNotAnObjectIsRejected() {
        for (String json : new String[] {"[1]", "\"text\"", "1", "true", "null"}) {
            assertThatThrownBy(() -> JsonBridge.fromJson(tree(json), ExecutionCompleted.class)).as(json)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("expected a JSON object, got ");
        }
    }

    @Test
    void aJacksonTreeOfTheWrongShapeIsReportedAsTheMapperReportsIt() {
        String json = "{\"integrationId\": \"i\", \"result\": \"not an object\"}";

        assertThatThrownBy(() -> JsonBridge.fromJson(tree(json), ExecutionCompleted.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field 'result' has the wrong type");
        assertThatThrownBy(() -> JsonBridge.fromJson(tree("{\"timestamp\":\"yesterday\"}"), ExecutionCompleted.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(catchMessage(() -> ProtocolJson.read("{\"timestamp\":\"yesterday\"}", ExecutionCompleted.class)));
    }

    private static String catchMessage(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("did not fail");
    }

    @Test
    void failureIsATopLevelErrorField_inAJacksonTreeToo() {
        assertThat(JsonBridge.isFailure(tree("{\"error\":{\"code\":\"INTERNAL\"}}"))).isTrue();
        assertThat(JsonBridge.isFailure(tree("{\"result\":{\"success\":true}}"))).isFalse();
        assertThat(JsonBridge.isFailure(tree("{\"error\":null}"))).isFalse();
    }

    @Test
    void requestTextIsTheRecordAsTheMapperWritesIt() {
        ExecuteRequest request = richRequest();

        JsonBridge.JsonText text = JsonBridge.toJsonText(request);

        assertThat(text.json()).isEqualTo(ProtocolJson.write(request));
        assertThat(text.toString()).isEqualTo(text.json());
        assertThat(ProtocolJson.read(text.json(), ExecuteRequest.class)).isEqualTo(request);
    }

    @Test
    void requestTextRefusesWhatIsNotAJsonObject() {
        ExecuteRequest exploding = new ExecuteRequest(PROJECT, INTEGRATION, "x", Map.of("value", new Exploding()), null, "r");

        assertThatThrownBy(() -> JsonBridge.toJsonText(exploding)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonBridge.toJsonText(List.of(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("payload is not a JSON object");
        assertThatThrownBy(() -> JsonBridge.toJsonText("text")).isInstanceOf(IllegalArgumentException.class);
    }

    static ExecuteRequest richRequest() {
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        params.put("int", 7);
        params.put("beyond53", 9007199254740993L);
        params.put("huge", new BigInteger("123456789012345678901234567890"));
        params.put("double", 0.1);
        params.put("text", "héllo \"quoted\" \\ / \n\t \u2603 \ud83d\ude00 \u0000 \u2028");
        params.put("nothing", null);
        params.put("list", List.of(1, "two", List.of(true), Map.of("k", Map.of())));
        return new ExecuteRequest(PROJECT, INTEGRATION, "getUserTweets", params, Map.of("ünï", false), "r-9");
    }

    /** A value Jackson cannot write: its getter throws. */
    public static final class Exploding {
        public String getValue() {
            throw new IllegalStateException("not JSON");
        }
    }
}
