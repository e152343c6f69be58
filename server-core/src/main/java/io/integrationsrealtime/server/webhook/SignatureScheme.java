package io.integrationsrealtime.server.webhook;

import io.integrationsrealtime.server.webhook.WebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One provider convention: how a configured secret becomes HMAC key bytes, and which headers carry
 * the id, timestamp and signatures. Both conventions sign {@code prefix + rawBody} with HMAC-SHA256;
 * only the prefix and the signature encoding differ, so the verifier does the cryptography once.
 */
sealed interface SignatureScheme permits StripeScheme, StandardWebhooksScheme {

    /** Unix seconds; twelve digits reach year 33658, and rejecting more keeps {@link Instant} in range. */
    Pattern UNIX_SECONDS = Pattern.compile("[0-9]{1,12}");

    /** The HMAC key for a configured secret; throws {@link IllegalArgumentException} (without echoing it) if unusable. */
    byte[] key(String secret);

    /**
     * Reads what the request claims, before any cryptography.
     *
     * @param header a case-insensitive header lookup returning {@code null} when absent
     */
    SignedRequest read(Function<String, String> header) throws WebhookVerificationException;

    /**
     * What a request claims.
     *
     * @param signedPrefix the bytes signed before the raw body
     * @param signatures   the decoded candidate signatures, never empty
     */
    record SignedRequest(String id, Instant timestamp, byte[] signedPrefix, List<byte[]> signatures) {
    }

    static String required(Function<String, String> header, String name) throws WebhookVerificationException {
        String value = header.apply(name);
        if (value == null || value.isBlank()) {
            throw new WebhookVerificationException(Reason.MISSING_HEADER, name + " header is missing");
        }
        return value.trim();
    }

    static Instant unixSeconds(String text, String headerName) throws WebhookVerificationException {
        if (!UNIX_SECONDS.matcher(text).matches()) {
            throw new WebhookVerificationException(Reason.MALFORMED_HEADER,
                    headerName + " timestamp is not unix seconds");
        }
        return Instant.ofEpochSecond(Long.parseLong(text));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
