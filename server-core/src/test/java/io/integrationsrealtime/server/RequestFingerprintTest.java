package io.integrationsrealtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

    @Test
    void sameJson_inAnyKeyOrder_andIntegralNumbersOfAnyType_giveOneFingerprint() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", List.of("x", true));
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", List.of("x", true));
        ba.put("a", 1.0);

        assertThat(RequestFingerprint.of("e", ab, Map.of())).isEqualTo(RequestFingerprint.of("e", ba, Map.of()));
    }

    @Test
    void binaryParams_countByContent_notByArrayIdentity() {
        long first = RequestFingerprint.of("e", Map.of("file", new byte[] {42, 43}), null);

        assertThat(RequestFingerprint.of("e", Map.of("file", new byte[] {42, 43}), null)).isEqualTo(first);
        assertThat(RequestFingerprint.of("e", Map.of("file", new byte[] {42, 44}), null)).isNotEqualTo(first);
        assertThat(RequestFingerprint.of("e", Map.of("file", new byte[] {42}), null)).isNotEqualTo(first);
    }

    @Test
    void anotherEndpoint_paramOrRequestData_changesTheFingerprint() {
        long base = RequestFingerprint.of("getUserTweets", Map.of("userId", 42), Map.of());

        assertThat(RequestFingerprint.of("getUserTweets", Map.of("userId", 999), Map.of())).isNotEqualTo(base);
        assertThat(RequestFingerprint.of("getUser", Map.of("userId", 42), Map.of())).isNotEqualTo(base);
        assertThat(RequestFingerprint.of("getUserTweets", Map.of("userId", 42), Map.of("page", 2))).isNotEqualTo(base);
    }
}
