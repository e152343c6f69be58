package io.integrationsrealtime.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.integrationsrealtime.protocol.ExecuteRequest;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.IntegrationRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

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
        assertThat(json.getJSONObject("params").getJSONArray("tags").toList()).containsExactly("a", "b");
        assertThat(json.getJSONObject("params").getJSONObject("nested").getInt("n")).isEqualTo(1);
        assertThat(json.getJSONObject("requestData").isEmpty()).isTrue();
        assertThat(json.getString("requestId")).isEqualTo("r-2");
    }

    @Test
    void nullFieldsAreLeftOut() {
        JSONObject json = JsonBridge.toJson(new IntegrationRequest(PROJECT, INTEGRATION, null));

        assertThat(json.keySet()).containsExactlyInAnyOrder("projectId", "integrationId");
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

    /** A value Jackson cannot write: its getter throws. */
    public static final class Exploding {
        public String getValue() {
            throw new IllegalStateException("not JSON");
        }
    }
}
