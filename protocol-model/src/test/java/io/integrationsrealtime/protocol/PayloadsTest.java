package io.integrationsrealtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    private static final String PROJECT = "6958511e8397f2dfa88090d8";
    private static final String INTEGRATION = "64b2c3d4e5f6789012345678";

    @Test
    void timestamps_alwaysHaveThreeFractionDigitsInUtc() {
        assertThat(Timestamps.format(Instant.parse("2026-03-18T10:00:00Z"))).isEqualTo("2026-03-18T10:00:00.000Z");
        assertThat(Timestamps.format(Instant.parse("2026-03-18T10:00:00.123456Z"))).isEqualTo("2026-03-18T10:00:00.123Z");
        assertThat(Timestamps.parse("2026-03-18T12:00:00.5+02:00")).isEqualTo(Instant.parse("2026-03-18T10:00:00.500Z"));
    }

    @Test
    void summaryForOthers_hasNoDataAndNoRequestId() {
        var completed = new ExecutionCompleted(INTEGRATION, "getUserTweets",
                ExecutionResult.success(Map.of("tweets", List.of("a"))), "ex-1", "req-1", Timestamps.now());

        String json = ProtocolJson.write(completed.forOthers());

        assertThat(json).contains("\"result\":{\"success\":true}").doesNotContain("data").doesNotContain("req-1");
        assertThat(json).contains("\"executionId\":\"ex-1\"");
    }

    @Test
    void failedForOthers_dropsDetails() {
        var error = new ErrorInfo(ErrorCode.UPSTREAM_ERROR, "upstream said 500", true, null, Map.of("status", 500));
        var failed = new ExecutionFailed(INTEGRATION, "getUserTweets", error, "ex-1", "req-1", Timestamps.now());

        assertThat(ProtocolJson.write(failed)).contains("\"details\":{\"status\":500}");
        assertThat(ProtocolJson.write(failed.forOthers())).doesNotContain("details").doesNotContain("req-1");
    }

    @Test
    void errorInfo_writesRetryAfterInSeconds_andReadsUnknownCodes() {
        var limited = new ErrorInfo(ErrorCode.RATE_LIMITED, "slow down", true, Duration.ofMillis(1500), null);
        assertThat(ProtocolJson.write(limited)).contains("\"retryAfter\":1.5").contains("\"code\":\"RATE_LIMITED\"");
        assertThat(ProtocolJson.read(ProtocolJson.write(limited), ErrorInfo.class)).isEqualTo(limited);

        ErrorInfo future = ProtocolJson.read("{\"code\":\"SOMETHING_NEW\",\"message\":\"x\",\"retryable\":false}", ErrorInfo.class);
        assertThat(future.code()).isEqualTo(ErrorCode.UNKNOWN);
    }

    @Test
    void freeFormObjects_areDeepCopiedAndUnmodifiable() {
        Map<String, Object> nested = new HashMap<>();
        nested.put("userId", "123");
        Map<String, Object> params = new HashMap<>();
        params.put("filter", nested);

        var request = new ExecuteRequest(PROJECT, INTEGRATION, "getUserTweets", params, null, null);
        nested.put("userId", "changed");

        @SuppressWarnings("unchecked")
        Map<String, Object> filter = (Map<String, Object>) request.params().get("filter");
        assertThat(filter).containsEntry("userId", "123");
        assertThat(request.requestData()).isEmpty();
        assertThatThrownBy(() -> filter.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void freeFormObjects_keepJsonNulls() {
        ExecuteRequest request = ProtocolJson.read(
                "{\"projectId\":\"" + PROJECT + "\",\"integrationId\":\"" + INTEGRATION
                        + "\",\"endpoint\":\"e\",\"params\":{\"cursor\":null}}", ExecuteRequest.class);

        assertThat(request.params()).containsEntry("cursor", null);
        assertThat(ProtocolJson.write(request)).contains("\"cursor\":null");
    }

    @Test
    void params_mustBeAnObject() {
        assertThatThrownBy(() -> ProtocolJson.read("{\"endpoint\":\"e\",\"params\":\"abc\"}", ExecuteRequest.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field 'params' has the wrong type");
    }

    @Test
    void requestRules_acceptTheSeedIds_andRefuseOthers() {
        assertThat(RequestRules.check(new IntegrationRequest(PROJECT, INTEGRATION, null))).isNull();
        assertThat(RequestRules.check(new IntegrationRequest(PROJECT.toUpperCase(), INTEGRATION, null))).contains("projectId");
        assertThat(RequestRules.check(new IntegrationRequest(PROJECT, "123", null))).contains("integrationId");
        assertThat(RequestRules.check(new IntegrationRequest(PROJECT, INTEGRATION, "bad id with spaces"))).contains("requestId");
        assertThat(RequestRules.check(new ExecuteRequest(PROJECT, INTEGRATION, "getUserTweets", null, null, "r-1"))).isNull();
        assertThat(RequestRules.check(new ExecuteRequest(PROJECT, INTEGRATION, "../etc", null, null, null))).contains("endpoint");
        assertThat(RequestRules.check(new TestRequest(PROJECT, INTEGRATION, null, null))).isNull();
        assertThat(RequestRules.check(new TestRequest(PROJECT, INTEGRATION, "getUserTweets", null))).contains("healthCheck");
    }

    @Test
    void rooms_areNamedFromIds() {
        assertThat(Rooms.integration(INTEGRATION)).isEqualTo("integration:64b2c3d4e5f6789012345678");
        assertThat(Rooms.webhooks(INTEGRATION)).isEqualTo("integration:64b2c3d4e5f6789012345678:webhooks");
    }
}
