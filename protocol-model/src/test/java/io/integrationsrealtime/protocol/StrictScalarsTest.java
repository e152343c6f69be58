package io.integrationsrealtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * String fields take JSON strings only: a number or boolean is refused, not turned into its text;
 * number and boolean fields take only JSON numbers and booleans.
 */
class StrictScalarsTest {

    private static final String PROJECT = "6958511e8397f2dfa88090d8";
    private static final String INTEGRATION = "64b2c3d4e5f6789012345678";

    private static String join(String field, String rawValue) {
        String requestId = field.equals("requestId") ? rawValue : "\"r-1\"";
        String integrationId = field.equals("integrationId") ? rawValue : "\"" + INTEGRATION + "\"";
        return "{\"projectId\":\"" + PROJECT + "\",\"integrationId\":" + integrationId + ",\"requestId\":" + requestId + "}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "-7", "1.5", "1e3", "true", "false", "92233720368547758070"})
    void scalarForRequestId_isRefused_asText_andAsTree(String raw) {
        String json = join("requestId", raw);

        assertThatThrownBy(() -> ProtocolJson.read(json, IntegrationRequest.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field 'requestId' has the wrong type");
        // The server binds from the tree netty-socketio decoded, so that path must refuse as well.
        JsonNode tree = ProtocolJson.read(json, JsonNode.class);
        assertThatThrownBy(() -> ProtocolJson.read(tree, IntegrationRequest.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field 'requestId' has the wrong type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"64", "6.4", "true"})
    void scalarForIntegrationId_isRefused(String raw) {
        assertThatThrownBy(() -> ProtocolJson.read(join("integrationId", raw), IntegrationRequest.class))
                .hasMessage("field 'integrationId' has the wrong type");
        assertThatThrownBy(() -> ProtocolJson.read(ProtocolJson.read(join("integrationId", raw), JsonNode.class),
                IntegrationRequest.class))
                .hasMessage("field 'integrationId' has the wrong type");
    }

    @Test
    void scalarForEndpoint_isRefused() {
        String json = "{\"projectId\":\"" + PROJECT + "\",\"integrationId\":\"" + INTEGRATION + "\",\"endpoint\":42}";
        assertThatThrownBy(() -> ProtocolJson.read(json, ExecuteRequest.class))
                .hasMessage("field 'endpoint' has the wrong type");
    }

    @Test
    void scalarInAServerPayload_isRefused() {
        // The client reads server payloads with the same mapper.
        String json = "{\"integrationId\":\"" + INTEGRATION + "\",\"projectId\":\"" + PROJECT + "\",\"room\":7,"
                + "\"timestamp\":\"2026-03-18T10:00:00.000Z\"}";
        assertThatThrownBy(() -> ProtocolJson.read(json, RoomMembership.class))
                .hasMessage("field 'room' has the wrong type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"5\"", "5.0", "1.5", "1e3", "true"})
    void nonIntegerForLastSeq_isRefused(String raw) {
        // The other way round: a number field takes JSON integers only, not their text, a
        // fraction (Jackson would truncate 1.5 to 1) or a boolean.
        String json = "{\"projectId\":\"" + PROJECT + "\",\"integrationId\":\"" + INTEGRATION + "\",\"lastSeq\":" + raw + "}";
        assertThatThrownBy(() -> ProtocolJson.read(json, IntegrationRequest.class))
                .hasMessage("field 'lastSeq' has the wrong type");
        assertThatThrownBy(() -> ProtocolJson.read(ProtocolJson.read(json, JsonNode.class), IntegrationRequest.class))
                .hasMessage("field 'lastSeq' has the wrong type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"true\"", "1"})
    void nonBooleanForABooleanField_isRefused(String raw) {
        String json = "{\"isActive\":" + raw + ",\"usage\":{},\"rateLimit\":null,\"lastUsed\":null}";
        assertThatThrownBy(() -> ProtocolJson.read(json, IntegrationStatus.class))
                .hasMessage("field 'isActive' has the wrong type");
    }

    @Test
    void integersAndBooleans_stillBind() {
        String join = "{\"projectId\":\"" + PROJECT + "\",\"integrationId\":\"" + INTEGRATION + "\",\"lastSeq\":5}";
        assertThat(ProtocolJson.read(join, IntegrationRequest.class).lastSeq()).isEqualTo(5L);
        String status = "{\"isActive\":true,\"usage\":{},\"rateLimit\":null,\"lastUsed\":null}";
        assertThat(ProtocolJson.read(status, IntegrationStatus.class).active()).isTrue();
    }

    @Test
    void stringsAndNulls_stillBind() {
        IntegrationRequest request = ProtocolJson.read(join("requestId", "\"12345\""), IntegrationRequest.class);
        assertThat(request).isEqualTo(new IntegrationRequest(PROJECT, INTEGRATION, "12345"));

        IntegrationRequest noId = ProtocolJson.read(join("requestId", "null"), IntegrationRequest.class);
        assertThat(noId.requestId()).isNull();
    }

    @Test
    void freeFormObjects_stillTakeNumbersAndBooleans() {
        String json = "{\"projectId\":\"" + PROJECT + "\",\"integrationId\":\"" + INTEGRATION + "\",\"endpoint\":\"e\","
                + "\"params\":{\"n\":12345,\"f\":1.5,\"b\":true,\"s\":\"x\",\"big\":92233720368547758070,"
                + "\"nested\":{\"list\":[1,false,\"y\"]}},\"requestData\":{\"id\":7}}";

        for (ExecuteRequest request : List.of(ProtocolJson.read(json, ExecuteRequest.class),
                ProtocolJson.read(ProtocolJson.read(json, JsonNode.class), ExecuteRequest.class))) {
            assertThat(request.params()).containsEntry("n", 12345).containsEntry("f", 1.5).containsEntry("b", true)
                    .containsEntry("s", "x").containsEntry("big", new BigInteger("92233720368547758070"))
                    .containsEntry("nested", Map.of("list", List.of(1, false, "y")));
            assertThat(request.requestData()).containsEntry("id", 7);
        }
    }
}
