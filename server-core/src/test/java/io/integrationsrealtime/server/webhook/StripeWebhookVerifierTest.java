package io.integrationsrealtime.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.integrationsrealtime.server.webhook.WebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class StripeWebhookVerifierTest {

    private static final String SECRET = "whsec_test_secret_for_stripe_style";
    private static final String OTHER_SECRET = "whsec_rotated_secret";
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\"}".getBytes(StandardCharsets.UTF_8);

    private final WebhookVerifier verifier = WebhookVerifier.stripe().secret(SECRET)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

    @Test
    void signerMatchesAnHmacComputedIndependently() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(
                mac.doFinal(("1700000000." + new String(BODY, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));

        assertThat(WebhookSigner.stripeSignatureHeader(SECRET, NOW, BODY)).isEqualTo("t=1700000000,v1=" + expected);
    }

    @Test
    void validSignaturePasses() throws Exception {
        VerifiedWebhook hook = verifier.verify(headers(WebhookSigner.stripeSignatureHeader(SECRET, NOW, BODY)), BODY);

        assertThat(hook.id()).isNull();
        assertThat(hook.timestamp()).isEqualTo(NOW);
        assertThat(hook.body()).isEqualTo(BODY);
        assertThat(hook.bodyText()).contains("evt_1");
    }

    @Test
    void headerNameIsMatchedIgnoringCase() throws Exception {
        String header = WebhookSigner.stripeSignatureHeader(SECRET, NOW, BODY);

        assertThat(verifier.verify(Map.of("stripe-signature", header), BODY).timestamp()).isEqualTo(NOW);
        assertThat(verifier.verify(Map.of("STRIPE-SIGNATURE", header), BODY).timestamp()).isEqualTo(NOW);
    }

    @Test
    void acceptsAHeaderLookupFunction() throws Exception {
        String header = WebhookSigner.stripeSignatureHeader(SECRET, NOW, BODY);

        assertThat(verifier.verify(name -> name.equals("Stripe-Signature") ? header : null, BODY)).isNotNull();
    }

    @Test
    void bodyChangedByOneByteFails() {
        String header = WebhookSigner.stripeSignatureHeader(SECRET, NOW, BODY);
        byte[] tampered = BODY.clone();
        tampered[tampered.length - 2] ^= 1;

        assertRefused(() -> verifier.verify(headers(header), tampered), Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void changedTimestampFails() {
        String header = WebhookSigner.stripeSignatureHeader(SECRET, NOW, BODY).replace("t=1700000000", "t=1700000001");

        assertRefused(() -> verifier.verify(headers(header), BODY), Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void wrongSecretFails() {
        String header = WebhookSigner.stripeSignatureHeader("whsec_someone_else", NOW, BODY);

        assertRefused(() -> verifier.verify(headers(header), BODY), Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void anyOfSeveralV1SignaturesMayMatch() throws Exception {
        String current = v1(WebhookSigner.stripeSignatureHeader(SECRET, NOW, BODY));
        String previous = v1(WebhookSigner.stripeSignatureHeader(OTHER_SECRET, NOW, BODY));
        String header = "t=1700000000,v1=" + previous + ",v0=deadbeef,v1=" + current;

        assertThat(verifier.verify(headers(header), BODY).timestamp()).isEqualTo(NOW);
    }

    @Test
    void anyOfSeveralConfiguredSecretsMayVerify() throws Exception {
        WebhookVerifier rotating = WebhookVerifier.stripe().secret(OTHER_SECRET).secret(SECRET)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

        assertThat(rotating.verify(headers(WebhookSigner.stripeSignatureHeader(SECRET, NOW, BODY)), BODY)).isNotNull();
        assertThat(rotating.verify(headers(WebhookSigner.stripeSignatureHeader(OTHER_SECRET, NOW, BODY)), BODY))
                .isNotNull();
    }

    @Test
    void staleTimestampFails() {
        String header = WebhookSigner.stripeSignatureHeader(SECRET, NOW.minusSeconds(301), BODY);

        assertRefused(() -> verifier.verify(headers(header), BODY), Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
    }

    @Test
    void futureTimestampFails() {
        String header = WebhookSigner.stripeSignatureHeader(SECRET, NOW.plusSeconds(301), BODY);

        assertRefused(() -> verifier.verify(headers(header), BODY), Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
    }

    @Test
    void timestampAtTheEdgeOfTheTolerancePasses() throws Exception {
        assertThat(verifier.verify(headers(WebhookSigner.stripeSignatureHeader(SECRET, NOW.minusSeconds(300), BODY)),
                BODY)).isNotNull();
        assertThat(verifier.verify(headers(WebhookSigner.stripeSignatureHeader(SECRET, NOW.plusSeconds(300), BODY)),
                BODY)).isNotNull();
    }

    @Test
    void toleranceIsConfigurable() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        WebhookVerifier strict = WebhookVerifier.stripe().secret(SECRET).tolerance(Duration.ofSeconds(10))
                .clock(clock).build();
        String header = WebhookSigner.stripeSignatureHeader(SECRET, NOW, BODY);

        clock.advance(Duration.ofSeconds(10));
        assertThat(strict.verify(headers(header), BODY)).isNotNull();
        clock.advance(Duration.ofSeconds(1));
        assertRefused(() -> strict.verify(headers(header), BODY), Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
    }

    @Test
    void missingHeaderFails() {
        assertRefused(() -> verifier.verify(Map.of(), BODY), Reason.MISSING_HEADER);
        assertRefused(() -> verifier.verify(headers(" "), BODY), Reason.MISSING_HEADER);
    }

    @Test
    void malformedHeadersFail() {
        String v1 = v1(WebhookSigner.stripeSignatureHeader(SECRET, NOW, BODY));

        assertRefused(() -> verifier.verify(headers("v1=" + v1), BODY), Reason.MALFORMED_HEADER);
        assertRefused(() -> verifier.verify(headers("t=soon,v1=" + v1), BODY), Reason.MALFORMED_HEADER);
        assertRefused(() -> verifier.verify(headers("t=-1,v1=" + v1), BODY), Reason.MALFORMED_HEADER);
        assertRefused(() -> verifier.verify(headers("t=1700000000,t=1700000001,v1=" + v1), BODY),
                Reason.MALFORMED_HEADER);
        assertRefused(() -> verifier.verify(headers("garbage"), BODY), Reason.MALFORMED_HEADER);
    }

    @Test
    void headerWithoutAnyV1SignatureFails() {
        assertRefused(() -> verifier.verify(headers("t=1700000000,v0=abcd"), BODY), Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void undecodableV1EntryIsSkippedNotFatal() throws Exception {
        String v1 = v1(WebhookSigner.stripeSignatureHeader(SECRET, NOW, BODY));

        assertThat(verifier.verify(headers("t=1700000000,v1=not-hex,v1=" + v1), BODY)).isNotNull();
        assertRefused(() -> verifier.verify(headers("t=1700000000,v1=not-hex"), BODY), Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void messagesNeverContainTheSecretOrTheExpectedSignature() {
        String expected = v1(WebhookSigner.stripeSignatureHeader(SECRET, NOW, BODY));
        String forged = WebhookSigner.stripeSignatureHeader("whsec_forger", NOW, BODY);

        assertThatThrownBy(() -> verifier.verify(headers(forged), BODY))
                .hasMessageNotContaining(SECRET).hasMessageNotContaining(expected);
        assertThatThrownBy(() -> WebhookVerifier.stripe().secret(""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builderRequiresASecretAndAPositiveTolerance() {
        assertThatThrownBy(() -> WebhookVerifier.stripe().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> WebhookVerifier.stripe().tolerance(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(WebhookVerifier.stripe().secret(SECRET).build().tolerance()).isEqualTo(Duration.ofSeconds(300));
    }

    private static Map<String, String> headers(String stripeSignature) {
        return Map.of("Stripe-Signature", stripeSignature);
    }

    private static String v1(String header) {
        return header.substring(header.indexOf("v1=") + 3);
    }

    static void assertRefused(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOf(WebhookVerificationException.class)
                .satisfies(e -> assertThat(((WebhookVerificationException) e).reason()).isEqualTo(reason));
    }
}
