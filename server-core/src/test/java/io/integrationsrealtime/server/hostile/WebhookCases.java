package io.integrationsrealtime.server.hostile;

import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import io.integrationsrealtime.server.spi.IntegrationRef;
import io.integrationsrealtime.server.webhook.WebhookDeduplicator;
import io.integrationsrealtime.server.webhook.WebhookSigner;
import io.integrationsrealtime.server.webhook.WebhookVerificationException;
import io.integrationsrealtime.server.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Forged, stale, replayed and malformed webhook deliveries against the verifier and deduplicator
 * a host puts in front of {@code publishWebhook}, and hostile arguments to publishWebhook itself.
 */
final class WebhookCases {

    record WebhookCase(String name, Supplier<String> outcome, String expected) {
    }

    static final Instant NOW = Instant.parse("2026-03-18T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String STRIPE_SECRET = "whsec_hostile_suite_stripe";
    static final String OLD_STRIPE_SECRET = "whsec_hostile_suite_old";
    static final String STANDARD_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "hostile-suite-standard-webhooks-key".getBytes(StandardCharsets.UTF_8));
    static final String OTHER_STANDARD_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "some-other-key-entirely".getBytes(StandardCharsets.UTF_8));
    static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\",\"data\":{\"amount\":4900}}".getBytes(StandardCharsets.UTF_8);

    private WebhookCases() {
    }

    static List<WebhookCase> all() {
        List<WebhookCase> cases = new ArrayList<>();
        stripe(cases);
        standard(cases);
        publish(cases);
        return cases;
    }

    private static void stripe(List<WebhookCase> cases) {
        WebhookVerifier stripe = WebhookVerifier.stripe().secret(STRIPE_SECRET).clock(CLOCK).build();
        String good = WebhookSigner.stripeSignatureHeader(STRIPE_SECRET, NOW, BODY);
        String t = Long.toString(NOW.getEpochSecond());
        String v1 = good.substring(good.indexOf("v1=") + 3);
        cases.add(stripeCase("stripe: authentic delivery (control)", stripe, header(good), BODY, "verified"));
        cases.add(stripeCase("stripe: signed with another secret", stripe,
                header(WebhookSigner.stripeSignatureHeader("whsec_attacker", NOW, BODY)), BODY, "NO_MATCHING_SIGNATURE"));
        cases.add(stripeCase("stripe: one body byte changed", stripe, header(good), tamper(BODY), "NO_MATCHING_SIGNATURE"));
        cases.add(stripeCase("stripe: body with a trailing newline", stripe, header(good), concat(BODY, "\n"), "NO_MATCHING_SIGNATURE"));
        cases.add(stripeCase("stripe: body re-serialized with spaces", stripe, header(good),
                new String(BODY, StandardCharsets.UTF_8).replace(":", ": ").getBytes(StandardCharsets.UTF_8), "NO_MATCHING_SIGNATURE"));
        cases.add(stripeCase("stripe: empty body", stripe, header(good), new byte[0], "NO_MATCHING_SIGNATURE"));
        cases.add(stripeCase("stripe: random signature", stripe, header("t=" + t + ",v1=" + "ab".repeat(32)), BODY, "NO_MATCHING_SIGNATURE"));
        cases.add(stripeCase("stripe: signature that is not hex", stripe, header("t=" + t + ",v1=zz" + v1.substring(2)), BODY, "NO_MATCHING_SIGNATURE"));
        cases.add(stripeCase("stripe: truncated signature", stripe, header("t=" + t + ",v1=" + v1.substring(0, 32)), BODY, "NO_MATCHING_SIGNATURE"));
        cases.add(stripeCase("stripe: signature in upper case hex", stripe, header("t=" + t + ",v1=" + v1.toUpperCase()), BODY, "verified"));
        cases.add(stripeCase("stripe: only a v0 signature", stripe, header("t=" + t + ",v0=" + v1), BODY, "NO_MATCHING_SIGNATURE"));
        cases.add(stripeCase("stripe: signed 6 minutes ago (stale)", stripe,
                header(WebhookSigner.stripeSignatureHeader(STRIPE_SECRET, NOW.minusSeconds(360), BODY)), BODY, "TIMESTAMP_OUTSIDE_TOLERANCE"));
        cases.add(stripeCase("stripe: signed a day ago (captured and replayed)", stripe,
                header(WebhookSigner.stripeSignatureHeader(STRIPE_SECRET, NOW.minus(Duration.ofDays(1)), BODY)), BODY, "TIMESTAMP_OUTSIDE_TOLERANCE"));
        cases.add(stripeCase("stripe: signed 6 minutes in the future", stripe,
                header(WebhookSigner.stripeSignatureHeader(STRIPE_SECRET, NOW.plusSeconds(360), BODY)), BODY, "TIMESTAMP_OUTSIDE_TOLERANCE"));
        String old = WebhookSigner.stripeSignatureHeader(STRIPE_SECRET, NOW.minus(Duration.ofDays(1)), BODY);
        cases.add(stripeCase("stripe: old signature with a fresh t= (replay with a new timestamp)", stripe,
                header("t=" + t + "," + old.substring(old.indexOf("v1="))), BODY, "NO_MATCHING_SIGNATURE"));
        cases.add(stripeCase("stripe: timestamp in milliseconds", stripe,
                header(signedWithRawTimestamp(Long.toString(NOW.toEpochMilli()))), BODY, "MALFORMED_HEADER"));
        cases.add(stripeCase("stripe: negative timestamp", stripe, header(signedWithRawTimestamp("-1")), BODY, "MALFORMED_HEADER"));
        cases.add(stripeCase("stripe: no header", stripe, Map.of(), BODY, "MISSING_HEADER"));
        cases.add(stripeCase("stripe: empty header", stripe, header(""), BODY, "MISSING_HEADER"));
        cases.add(stripeCase("stripe: no t=", stripe, header("v1=" + v1), BODY, "MALFORMED_HEADER"));
        cases.add(stripeCase("stripe: t= is not a number", stripe, header("t=abc,v1=" + v1), BODY, "MALFORMED_HEADER"));
        cases.add(stripeCase("stripe: two t= entries", stripe, header("t=" + t + ",t=" + t + ",v1=" + v1), BODY, "MALFORMED_HEADER"));
        cases.add(stripeCase("stripe: 100 KB of garbage header", stripe, header("x".repeat(100_000)), BODY, "MALFORMED_HEADER"));
        cases.add(stripeCase("stripe: header name in lower case (control)", stripe, Map.of("stripe-signature", good), BODY, "verified"));
        cases.add(stripeCase("stripe: signed with the retired secret, not configured", stripe,
                header(WebhookSigner.stripeSignatureHeader(OLD_STRIPE_SECRET, NOW, BODY)), BODY, "NO_MATCHING_SIGNATURE"));
        WebhookVerifier rotating = WebhookVerifier.stripe().secret(STRIPE_SECRET).secret(OLD_STRIPE_SECRET).clock(CLOCK).build();
        cases.add(stripeCase("stripe: signed with the retired secret during rotation (control)", rotating,
                header(WebhookSigner.stripeSignatureHeader(OLD_STRIPE_SECRET, NOW, BODY)), BODY, "verified"));
        WebhookDeduplicator dedup = new WebhookDeduplicator(Duration.ofHours(24), 1000, CLOCK);
        cases.add(new WebhookCase("stripe: same event id delivered twice (replay)", () -> {
            String first = deliverOnce(stripe, dedup, header(good), "evt_1");
            String second = deliverOnce(stripe, dedup, header(WebhookSigner.stripeSignatureHeader(STRIPE_SECRET, NOW.plusSeconds(5), BODY)), "evt_1");
            return first + " then " + second;
        }, "verified then REPLAYED"));
    }

    private static void standard(List<WebhookCase> cases) {
        WebhookVerifier standard = WebhookVerifier.standardWebhooks().secret(STANDARD_SECRET).clock(CLOCK).build();
        Map<String, String> good = WebhookSigner.standardWebhooksHeaders(STANDARD_SECRET, "msg_1", NOW, BODY);
        cases.add(standardCase("standard: authentic delivery (control)", standard, good, BODY, "verified"));
        cases.add(standardCase("standard: signed with another secret", standard,
                WebhookSigner.standardWebhooksHeaders(OTHER_STANDARD_SECRET, "msg_1", NOW, BODY), BODY, "NO_MATCHING_SIGNATURE"));
        cases.add(standardCase("standard: one body byte changed", standard, good, tamper(BODY), "NO_MATCHING_SIGNATURE"));
        cases.add(standardCase("standard: webhook-id swapped", standard, replace(good, "webhook-id", "msg_2"), BODY, "NO_MATCHING_SIGNATURE"));
        cases.add(standardCase("standard: webhook-timestamp swapped", standard,
                replace(good, "webhook-timestamp", Long.toString(NOW.getEpochSecond() + 1)), BODY, "NO_MATCHING_SIGNATURE"));
        cases.add(standardCase("standard: signed 6 minutes ago (stale)", standard,
                WebhookSigner.standardWebhooksHeaders(STANDARD_SECRET, "msg_1", NOW.minusSeconds(360), BODY), BODY, "TIMESTAMP_OUTSIDE_TOLERANCE"));
        cases.add(standardCase("standard: signed 6 minutes in the future", standard,
                WebhookSigner.standardWebhooksHeaders(STANDARD_SECRET, "msg_1", NOW.plusSeconds(360), BODY), BODY, "TIMESTAMP_OUTSIDE_TOLERANCE"));
        cases.add(standardCase("standard: no webhook-id", standard, remove(good, "webhook-id"), BODY, "MISSING_HEADER"));
        cases.add(standardCase("standard: no webhook-timestamp", standard, remove(good, "webhook-timestamp"), BODY, "MISSING_HEADER"));
        cases.add(standardCase("standard: no webhook-signature", standard, remove(good, "webhook-signature"), BODY, "MISSING_HEADER"));
        cases.add(standardCase("standard: timestamp is not a number", standard, replace(good, "webhook-timestamp", "yesterday"), BODY, "MALFORMED_HEADER"));
        String signature = good.get("webhook-signature").substring(3);
        cases.add(standardCase("standard: only a v1a (asymmetric) signature", standard,
                replace(good, "webhook-signature", "v1a," + signature), BODY, "NO_MATCHING_SIGNATURE"));
        cases.add(standardCase("standard: signature that is not base64", standard,
                replace(good, "webhook-signature", "v1,!!!not-base64!!!"), BODY, "NO_MATCHING_SIGNATURE"));
        cases.add(standardCase("standard: signature without version", standard,
                replace(good, "webhook-signature", signature), BODY, "NO_MATCHING_SIGNATURE"));
        cases.add(standardCase("standard: a forged and an authentic signature (control)", standard,
                replace(good, "webhook-signature", "v1," + Base64.getEncoder().encodeToString(new byte[32]) + " v1," + signature), BODY, "verified"));
        WebhookDeduplicator dedup = new WebhookDeduplicator(Duration.ofHours(24), 1000, CLOCK);
        cases.add(new WebhookCase("standard: captured delivery replayed verbatim", () -> {
            String first = deliverOnce(standard, dedup, good, good.get("webhook-id"));
            String second = deliverOnce(standard, dedup, good, good.get("webhook-id"));
            return first + " then " + second;
        }, "verified then REPLAYED"));
        cases.add(new WebhookCase("standard: provider retry with a fresh signature", () -> {
            Map<String, String> retry = WebhookSigner.standardWebhooksHeaders(STANDARD_SECRET, "msg_9", NOW.plusSeconds(30), BODY);
            String first = deliverOnce(standard, dedup, WebhookSigner.standardWebhooksHeaders(STANDARD_SECRET, "msg_9", NOW, BODY), "msg_9");
            return first + " then " + deliverOnce(standard, dedup, retry, "msg_9");
        }, "verified then REPLAYED"));
        cases.add(new WebhookCase("deduplicator: blank id", () -> {
            try {
                dedup.firstDelivery(" ");
                return "accepted";
            } catch (IllegalArgumentException refused) {
                return "IllegalArgumentException";
            }
        }, "IllegalArgumentException"));
    }

    /** A host passing unverified data straight to publishWebhook is stopped at the API. */
    private static void publish(List<WebhookCase> cases) {
        String[][] events = {{"event with a space", "invoice paid"}, {"event of 129 characters", "e".repeat(129)},
                {"event with a newline", "invoice.paid\nforged"}, {"empty event", ""}, {"event with a slash", "a/b"}};
        for (String[] event : events) {
            cases.add(new WebhookCase("publishWebhook: " + event[0], () -> publish(TestBackend.TWEETS_REF, event[1]), "IllegalArgumentException"));
        }
        for (String id : List.of("TWEETS", "", "64b2c3d4e5f6789012345678:webhooks")) {
            cases.add(new WebhookCase("publishWebhook: integrationId '" + id + "'",
                    () -> publish(new IntegrationRef(TestBackend.PROJECT, id), "invoice.paid"), "IllegalArgumentException"));
        }
        // The project is part of the room's key: an id that could alias another project's room is refused too.
        for (String id : List.of("", "PROJECT", TestBackend.OTHER_PROJECT + ":integration:" + TestBackend.TWEETS)) {
            cases.add(new WebhookCase("publishWebhook: projectId '" + id + "'",
                    () -> publish(new IntegrationRef(id, TestBackend.TWEETS), "invoice.paid"), "IllegalArgumentException"));
        }
    }

    private static String publish(IntegrationRef integration, String event) {
        try (IntegrationsServer unstarted = TestAuth.server(new TestBackend()).build()) {
            unstarted.publishWebhook(integration, event, Map.of());
            return "published";
        } catch (IllegalArgumentException refused) {
            return "IllegalArgumentException";
        }
    }

    // ---------------------------------------------------------------- helpers

    private static WebhookCase stripeCase(String name, WebhookVerifier verifier, Map<String, String> headers, byte[] body,
                                          String expected) {
        return new WebhookCase(name, () -> verify(verifier, headers, body), expected);
    }

    private static WebhookCase standardCase(String name, WebhookVerifier verifier, Map<String, String> headers, byte[] body,
                                            String expected) {
        return new WebhookCase(name, () -> verify(verifier, headers, body), expected);
    }

    private static String verify(WebhookVerifier verifier, Map<String, String> headers, byte[] body) {
        try {
            verifier.verify(headers, body);
            return "verified";
        } catch (WebhookVerificationException refused) {
            return refused.reason().name();
        }
    }

    private static String deliverOnce(WebhookVerifier verifier, WebhookDeduplicator dedup, Map<String, String> headers, String id) {
        String verified = verify(verifier, headers, BODY);
        if (!verified.equals("verified")) {
            return verified;
        }
        try {
            dedup.requireFirstDelivery(id);
            return "verified";
        } catch (WebhookVerificationException replayed) {
            return replayed.reason().name();
        }
    }

    private static String signedWithRawTimestamp(String t) {
        byte[] signed = concat((t + ".").getBytes(StandardCharsets.UTF_8), new String(BODY, StandardCharsets.UTF_8));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(STRIPE_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal(signed));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> header(String value) {
        return Map.of("Stripe-Signature", value);
    }

    private static Map<String, String> replace(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new HashMap<>(headers);
        copy.put(name, value);
        return copy;
    }

    private static Map<String, String> remove(Map<String, String> headers, String name) {
        Map<String, String> copy = new HashMap<>(headers);
        copy.remove(name);
        return copy;
    }

    private static byte[] tamper(byte[] body) {
        byte[] copy = body.clone();
        copy[copy.length / 2] ^= 1;
        return copy;
    }

    private static byte[] concat(byte[] body, String more) {
        byte[] extra = more.getBytes(StandardCharsets.UTF_8);
        byte[] joined = new byte[body.length + extra.length];
        System.arraycopy(body, 0, joined, 0, body.length);
        System.arraycopy(extra, 0, joined, body.length, extra.length);
        return joined;
    }
}
