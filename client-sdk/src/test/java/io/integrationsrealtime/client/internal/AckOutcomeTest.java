package io.integrationsrealtime.client.internal;

import static io.integrationsrealtime.client.internal.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.integrationsrealtime.client.IntegrationException;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.RoomMembership;
import java.time.Duration;
import org.json.JSONObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("android")
class AckOutcomeTest {

    @Test
    void successPayloadIsDecodedAsTheExpectedRecord() {
        JSONObject joined = new JSONObject("""
                { "integrationId": "64b2c3d4e5f6789012345678", "projectId": "6958511e8397f2dfa88090d8",
                  "room": "integration:64b2c3d4e5f6789012345678", "requestId": "r-1" }""");

        AckOutcome<RoomMembership> outcome = AckOutcome.decode(new Object[] {joined}, RoomMembership.class, "r-1");

        assertThat(outcome).isInstanceOf(AckOutcome.Success.class);
        assertThat(((AckOutcome.Success<RoomMembership>) outcome).value().room())
                .isEqualTo("integration:64b2c3d4e5f6789012345678");
    }

    @Test
    void refusalBecomesAnExceptionWithItsCode() {
        JSONObject refusal = new JSONObject("""
                { "requestId": "r-17", "event": "integration:execute",
                  "error": { "code": "INVALID_REQUEST", "message": "endpoint must match", "retryable": false },
                  "timestamp": "2026-03-18T10:00:00.000Z" }""");

        IntegrationException error = failure(AckOutcome.decode(new Object[] {refusal}, ExecutionCompleted.class, "r-17"));

        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(error.requestId()).isEqualTo("r-17");
        assertThat(error.executionId()).isNull();
        assertThat(error.retryable()).isFalse();
        assertThat(error.getMessage()).contains("INVALID_REQUEST", "endpoint must match", "r-17");
    }

    @Test
    void failedRunCarriesExecutionIdDetailsAndRetryAfter() {
        JSONObject failed = new JSONObject("""
                { "integrationId": "64b2c3d4e5f6789012345678", "endpoint": "getUserTweets",
                  "error": { "code": "RATE_LIMITED", "message": "slow down", "retryable": true,
                             "retryAfter": 1.5, "details": { "status": 429 } },
                  "executionId": "4f0c6c1e", "requestId": "r-2", "timestamp": "2026-03-18T10:00:00.000Z" }""");

        IntegrationException error = failure(AckOutcome.decode(new Object[] {failed}, ExecutionCompleted.class, "r-2"));

        assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(error.executionId()).isEqualTo("4f0c6c1e");
        assertThat(error.retryable()).isTrue();
        assertThat(error.retryAfter()).contains(Duration.ofMillis(1500));
        assertThat(error.details()).containsEntry("status", 429);
    }

    @Test
    void unknownCodeReadsAsUnknownAndMissingRequestIdFallsBackToOurs() {
        JSONObject refusal = new JSONObject("{ \"error\": { \"code\": \"SOMETHING_NEW\", \"message\": \"?\" } }");

        IntegrationException error = failure(AckOutcome.decode(new Object[] {refusal}, RoomMembership.class, "r-9"));

        assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN);
        assertThat(error.requestId()).isEqualTo("r-9");
        assertThat(error.details()).isEmpty();
    }

    @Test
    void malformedAcksAreInternalFailures() {
        assertThat(failure(AckOutcome.decode(new Object[0], RoomMembership.class, "r")).code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(failure(AckOutcome.decode(new Object[] {"text"}, RoomMembership.class, "r")).code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(failure(AckOutcome.decode(new Object[] {new JSONObject("{\"error\":\"text\"}")}, RoomMembership.class, "r"))
                .code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(failure(AckOutcome.decode(new Object[] {new JSONObject("{\"timestamp\":\"yesterday\"}")}, ExecutionCompleted.class, "r"))
                .code()).isEqualTo(ErrorCode.INTERNAL);
    }

    // ---- acks decoded by JacksonPacketDecoder: the argument is a Jackson tree ----

    @Test
    void successTreeIsDecodedAsTheExpectedRecord() {
        JsonNode joined = tree("""
                { "integrationId": "64b2c3d4e5f6789012345678", "projectId": "6958511e8397f2dfa88090d8",
                  "room": "integration:64b2c3d4e5f6789012345678", "requestId": "r-1", "seq": 9007199254740993 }""");

        AckOutcome<RoomMembership> outcome = AckOutcome.decode(new Object[] {joined}, RoomMembership.class, "r-1");

        assertThat(outcome).isInstanceOf(AckOutcome.Success.class);
        RoomMembership membership = ((AckOutcome.Success<RoomMembership>) outcome).value();
        assertThat(membership.room()).isEqualTo("integration:64b2c3d4e5f6789012345678");
        assertThat(membership.seq()).isEqualTo(9007199254740993L);
    }

    @Test
    void refusalTreeBecomesTheSameExceptionAsTheOrgJsonObject() {
        String refusal = """
                { "requestId": "r-17", "event": "integration:execute",
                  "error": { "code": "INVALID_REQUEST", "message": "endpoint must match", "retryable": false },
                  "timestamp": "2026-03-18T10:00:00.000Z" }""";

        IntegrationException fromTree = failure(AckOutcome.decode(new Object[] {tree(refusal)}, ExecutionCompleted.class, "r-x"));
        IntegrationException fromOrgJson = failure(AckOutcome.decode(new Object[] {new JSONObject(refusal)}, ExecutionCompleted.class, "r-x"));

        assertThat(fromTree.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(fromTree.requestId()).isEqualTo("r-17");
        assertThat(fromTree.executionId()).isNull();
        assertThat(fromTree.getMessage()).isEqualTo(fromOrgJson.getMessage());
        assertThat(fromTree.error()).isEqualTo(fromOrgJson.error());
    }

    @Test
    void failedRunTreeCarriesExecutionIdDetailsAndRetryAfter() {
        JsonNode failed = tree("""
                { "integrationId": "64b2c3d4e5f6789012345678", "endpoint": "getUserTweets",
                  "error": { "code": "RATE_LIMITED", "message": "slow down", "retryable": true,
                             "retryAfter": 1.5, "details": { "status": 429, "big": 9007199254740993 } },
                  "executionId": "4f0c6c1e", "timestamp": "2026-03-18T10:00:00.000Z" }""");

        IntegrationException error = failure(AckOutcome.decode(new Object[] {failed}, ExecutionCompleted.class, "r-2"));

        assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(error.executionId()).isEqualTo("4f0c6c1e");
        assertThat(error.requestId()).isEqualTo("r-2");
        assertThat(error.retryable()).isTrue();
        assertThat(error.retryAfter()).contains(Duration.ofMillis(1500));
        assertThat(error.details()).containsEntry("status", 429).containsEntry("big", 9007199254740993L);
    }

    @Test
    void malformedTreesAreInternalFailures() {
        for (Object argument : new Object[] {tree("{\"error\":\"text\"}"), tree("{\"error\":[1]}"),
                tree("{\"timestamp\":\"yesterday\"}"), tree("[{}]"), tree("\"text\""), tree("7")}) {
            assertThat(failure(AckOutcome.decode(new Object[] {argument}, ExecutionCompleted.class, "r")).code())
                    .as(argument.toString()).isEqualTo(ErrorCode.INTERNAL);
        }
        // A top-level JSON null reaches the ack as null (socket.io-client-java maps JSONObject.NULL).
        assertThat(failure(AckOutcome.decode(new Object[] {null}, ExecutionCompleted.class, "r")).code())
                .isEqualTo(ErrorCode.INTERNAL);
    }

    private static IntegrationException failure(AckOutcome<?> outcome) {
        assertThat(outcome).isInstanceOf(AckOutcome.Failure.class);
        return ((AckOutcome.Failure<?>) outcome).error();
    }
}
