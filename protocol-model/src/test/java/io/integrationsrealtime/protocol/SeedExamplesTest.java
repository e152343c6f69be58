package io.integrationsrealtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every JSON example of the seed document reads into its record and writes back to an equal tree. */
class SeedExamplesTest {

    static Stream<Arguments> seedExamples() {
        return Stream.of(
                Arguments.of("join-request.json", IntegrationRequest.class),
                Arguments.of("joined.json", RoomMembership.class),
                Arguments.of("execute-request.json", ExecuteRequest.class),
                Arguments.of("execution-completed.json", ExecutionCompleted.class),
                Arguments.of("test-request.json", TestRequest.class),
                Arguments.of("status-response.json", StatusResponse.class),
                Arguments.of("webhook-received.json", WebhookReceived.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedExamples")
    void seedExample_roundTripsToAnEqualTree(String file, Class<?> type) throws IOException {
        JsonNode seed = load(file);

        Object record = ProtocolJson.read(seed, type);
        JsonNode written = ProtocolJson.tree(record);

        assertThat(written).isEqualTo(seed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedExamples")
    void seedExample_toleratesUnknownExtraFields(String file, Class<?> type) throws IOException {
        ObjectNode seed = (ObjectNode) load(file);
        seed.put("someFutureField", 42);
        seed.putObject("anotherOne").put("nested", true);

        Object record = ProtocolJson.read(seed, type);

        seed.remove("someFutureField");
        seed.remove("anotherOne");
        assertThat(ProtocolJson.tree(record)).isEqualTo(seed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedExamples")
    void seedExample_writesTheSameWithAMapperThatDropsNulls(String file, Class<?> type) throws IOException {
        // netty-socketio's own mapper omits nulls by default; the records' annotations must win.
        var dropsNulls = new com.fasterxml.jackson.databind.ObjectMapper()
                .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
        JsonNode seed = load(file);

        Object record = ProtocolJson.read(seed, type);

        JsonNode written = dropsNulls.valueToTree(record);
        assertThat(written).isEqualTo(seed);
    }

    @org.junit.jupiter.api.Test
    void statusResponse_readsTypedValues() throws IOException {
        StatusResponse status = ProtocolJson.read(load("status-response.json"), StatusResponse.class);

        assertThat(status.status().active()).isTrue();
        assertThat(status.status().rateLimit()).isNull();
        assertThat(status.status().lastUsed()).isEqualTo(Instant.parse("2026-03-17T22:00:00Z"));
        assertThat(status.timestamp()).isEqualTo(Instant.parse("2026-03-18T10:00:00Z"));
    }

    private static JsonNode load(String file) throws IOException {
        try (InputStream in = SeedExamplesTest.class.getResourceAsStream("/seed/" + file)) {
            return ProtocolJson.mapper().readTree(in);
        }
    }
}
