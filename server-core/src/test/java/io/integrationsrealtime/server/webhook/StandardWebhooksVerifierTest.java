package io.integrationsrealtime.server.webhook;

import static io.integrationsrealtime.server.webhook.StripeWebhookVerifierTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.integrationsrealtime.server.webhook.WebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardWebhooksVerifierTest {

    // The published test vector of the Standard Webhooks specification.
    private static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final Instant VECTOR_TIME = Instant.ofEpochSecond(1614265330L);
    private static final byte[] VECTOR_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final String SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("a 32-byte key for the test suite".getBytes(StandardCharsets.UTF_8));
    private static final String OTHER_SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("the key used before the rotation".getBytes(StandardCharsets.UTF_8));
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    private static final byte[] BODY = "{\"type\":\"user.created\"}".getBytes(StandardCharsets.UTF_8);

    private final WebhookVerifier verifier = verifierAt(NOW, SECRET);

    @Test
    void signerReproducesThePublishedVector() {
        assertThat(WebhookSigner.standardWebhooksHeaders(VECTOR_SECRET, VECTOR_ID, VECTOR_TIME, VECTOR_BODY))
                .containsExactly(Map.entry("webhook-id", VECTOR_ID), Map.entry("webhook-timestamp", "1614265330"),
                        Map.entry("webhook-signature", VECTOR_SIGNATURE));
    }

    @Test
    void verifierAcceptsThePublishedVector() throws Exception {
        Map<String, String> headers = Map.of("webhook-id", VECTOR_ID, "webhook-timestamp", "1614265330",
                "webhook-signature", VECTOR_SIGNATURE);

        VerifiedWebhook hook = verifierAt(VECTOR_TIME, VECTOR_SECRET).verify(headers, VECTOR_BODY);

        assertThat(hook).isEqualTo(new VerifiedWebhook(VECTOR_ID, VECTOR_TIME, VECTOR_BODY));
    }

    @Test
    void secretWithoutItsPrefixNamesTheSameKey() throws Exception {
        Map<String, String> headers = Map.of("webhook-id", VECTOR_ID, "webhook-timestamp", "1614265330",
                "webhook-signature", VECTOR_SIGNATURE);

        assertThat(verifierAt(VECTOR_TIME, VECTOR_SECRET.substring("whsec_".length())).verify(headers, VECTOR_BODY))
                .isNotNull();
    }

    @Test
    void validSignaturePassesAndCarriesTheId() throws Exception {
        VerifiedWebhook hook = verifier.verify(signed(SECRET, NOW), BODY);

        assertThat(hook.id()).isEqualTo("msg_1");
        assertThat(hook.timestamp()).isEqualTo(NOW);
        assertThat(hook.bodyText()).isEqualTo("{\"type\":\"user.created\"}");
    }

    @Test
    void headerNamesAreMatchedIgnoringCase() throws Exception {
        Map<String, String> headers = new HashMap<>();
        signed(SECRET, NOW).forEach((name, value) -> headers.put(name.toUpperCase(), value));
        headers.put("Webhook-Id", headers.remove("WEBHOOK-ID"));

        assertThat(verifier.verify(headers, BODY).id()).isEqualTo("msg_1");
    }

    @Test
    void bodyChangedByOneByteFails() {
        byte[] tampered = BODY.clone();
        tampered[0] ^= 1;

        assertRefused(() -> verifier.verify(signed(SECRET, NOW), tampered), Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void changedIdFails() {
        Map<String, String> headers = new HashMap<>(signed(SECRET, NOW));
        headers.put("webhook-id", "msg_2");

        assertRefused(() -> verifier.verify(headers, BODY), Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void wrongSecretFails() {
        assertRefused(() -> verifier.verify(signed(OTHER_SECRET, NOW), BODY), Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void anyOfSeveralSignaturesMayMatch() throws Exception {
        String previous = signed(OTHER_SECRET, NOW).get("webhook-signature");
        String current = signed(SECRET, NOW).get("webhook-signature");
        Map<String, String> headers = new HashMap<>(signed(SECRET, NOW));
        headers.put("webhook-signature", previous + " v1a,c29tZS1lZDI1NTE5LXNpZw== " + current);

        assertThat(verifier.verify(headers, BODY).id()).isEqualTo("msg_1");
    }

    @Test
    void anyOfSeveralConfiguredSecretsMayVerify() throws Exception {
        WebhookVerifier rotating = WebhookVerifier.standardWebhooks().secret(OTHER_SECRET).secret(SECRET)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

        assertThat(rotating.verify(signed(SECRET, NOW), BODY)).isNotNull();
        assertThat(rotating.verify(signed(OTHER_SECRET, NOW), BODY)).isNotNull();
    }

    @Test
    void staleAndFutureTimestampsFail() {
        assertRefused(() -> verifier.verify(signed(SECRET, NOW.minusSeconds(301)), BODY),
                Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
        assertRefused(() -> verifier.verify(signed(SECRET, NOW.plusSeconds(301)), BODY),
                Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
    }

    @Test
    void eachMissingHeaderFails() {
        for (String name : new String[] {"webhook-id", "webhook-timestamp", "webhook-signature"}) {
            Map<String, String> headers = new HashMap<>(signed(SECRET, NOW));
            headers.remove(name);

            assertRefused(() -> verifier.verify(headers, BODY), Reason.MISSING_HEADER);
            assertThatThrownBy(() -> verifier.verify(headers, BODY)).hasMessageContaining(name);
        }
    }

    @Test
    void malformedTimestampFails() {
        Map<String, String> headers = new HashMap<>(signed(SECRET, NOW));
        headers.put("webhook-timestamp", "2023-11-14T22:13:20Z");

        assertRefused(() -> verifier.verify(headers, BODY), Reason.MALFORMED_HEADER);
    }

    @Test
    void signatureHeaderWithoutV1Fails() {
        Map<String, String> headers = new HashMap<>(signed(SECRET, NOW));
        headers.put("webhook-signature", "v1a,c29tZQ== nonsense");

        assertRefused(() -> verifier.verify(headers, BODY), Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void secretMustBeBase64AndIsNeverEchoed() {
        assertThatThrownBy(() -> WebhookVerifier.standardWebhooks().secret("whsec_not base64!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("not base64!");
        assertThatThrownBy(() -> WebhookVerifier.standardWebhooks().secret("whsec_"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void messagesNeverContainTheSecretOrTheExpectedSignature() {
        String expected = signed(SECRET, NOW).get("webhook-signature").substring(3);
        String key = SECRET.substring("whsec_".length());

        for (Map<String, String> headers : List.of(signed(OTHER_SECRET, NOW),
                signed(SECRET, NOW.minusSeconds(3600)))) {
            assertThatThrownBy(() -> verifier.verify(headers, BODY))
                    .hasMessageNotContaining(key).hasMessageNotContaining(expected);
        }
    }

    private static Map<String, String> signed(String secret, Instant at) {
        return WebhookSigner.standardWebhooksHeaders(secret, "msg_1", at, BODY);
    }

    private static WebhookVerifier verifierAt(Instant now, String secret) {
        return WebhookVerifier.standardWebhooks().secret(secret).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    }
}
