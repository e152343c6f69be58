package io.integrationsrealtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional W3C trace context fields of execute and test: their checks and their wire form. */
class TraceContextFieldsTest {

    private static final String PROJECT = "6958511e8397f2dfa88090d8";
    private static final String INTEGRATION = "64b2c3d4e5f6789012345678";
    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void traceparent_wellFormedVersionsOnly() {
        assertThat(RequestRules.isTraceparent(VALID)).isTrue();
        assertThat(RequestRules.isTraceparent("01" + VALID.substring(2) + "-future-field")).isTrue();
        assertThat(RequestRules.isTraceparent(VALID + "-extra")).as("version 00 has exactly four fields").isFalse();
        assertThat(RequestRules.isTraceparent("ff" + VALID.substring(2))).as("version ff is invalid").isFalse();
        assertThat(RequestRules.isTraceparent(VALID.toUpperCase())).isFalse();
        assertThat(RequestRules.isTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isFalse();
        assertThat(RequestRules.isTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isFalse();
        assertThat(RequestRules.isTraceparent(VALID.replace('-', '_'))).isFalse();
        assertThat(RequestRules.isTraceparent(VALID.substring(0, 54))).isFalse();
        assertThat(RequestRules.isTraceparent(null)).isFalse();
    }

    @Test
    void tracestate_printableAsciiUpTo512() {
        assertThat(RequestRules.isTracestate("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")).isTrue();
        assertThat(RequestRules.isTracestate("")).isTrue();
        assertThat(RequestRules.isTracestate("a".repeat(512))).isTrue();
        assertThat(RequestRules.isTracestate("a".repeat(513))).isFalse();
        assertThat(RequestRules.isTracestate("x=\u00e9")).isFalse();
        assertThat(RequestRules.isTracestate("x=\n")).isFalse();
        assertThat(RequestRules.isTracestate(null)).isFalse();
    }

    @Test
    void executeAndTest_carryTheFieldsOnlyWhenSet() {
        ExecuteRequest plain = new ExecuteRequest(PROJECT, INTEGRATION, "getUserTweets", Map.of(), null, "r-1");
        assertThat(ProtocolJson.write(plain)).doesNotContain("trace");

        ExecuteRequest traced = plain.withTraceContext(VALID, "rojo=1");
        ExecuteRequest read = ProtocolJson.read(ProtocolJson.write(traced), ExecuteRequest.class);
        assertThat(read.traceparent()).isEqualTo(VALID);
        assertThat(read.tracestate()).isEqualTo("rojo=1");
        assertThat(read.withRequestId("r-2").traceparent()).isEqualTo(VALID);

        TestRequest test = ProtocolJson.read(ProtocolJson.write(TestRequest.of(PROJECT, INTEGRATION, null)
                .withTraceContext(VALID, null)), TestRequest.class);
        assertThat(test.traceparent()).isEqualTo(VALID);
        assertThat(new IntegrationRequest(PROJECT, INTEGRATION, null).traceparent()).isNull();
    }

    @Test
    void aTraceparentThatIsNotAString_isRefused() {
        String json = "{\"projectId\":\"" + PROJECT + "\",\"integrationId\":\"" + INTEGRATION
                + "\",\"endpoint\":\"x\",\"traceparent\":42}";
        assertThatThrownBy(() -> ProtocolJson.read(json, ExecuteRequest.class)).isInstanceOf(IllegalArgumentException.class);
    }
}
