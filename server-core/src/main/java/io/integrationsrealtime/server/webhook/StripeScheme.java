package io.integrationsrealtime.server.webhook;

import io.integrationsrealtime.server.webhook.WebhookVerificationException.Reason;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * {@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]} over {@code t + "." + body},
 * keyed by the secret's UTF-8 bytes.
 */
final class StripeScheme implements SignatureScheme {

    static final String SIGNATURE_HEADER = "Stripe-Signature";

    @Override
    public byte[] key(String secret) {
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("Stripe secret is empty");
        }
        return SignatureScheme.utf8(secret);
    }

    @Override
    public SignedRequest read(Function<String, String> header) throws WebhookVerificationException {
        String value = SignatureScheme.required(header, SIGNATURE_HEADER);
        String timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        int v1Entries = 0;
        for (String item : value.split(",")) {
            int eq = item.indexOf('=');
            if (eq < 0) {
                continue; // tolerate stray separators, as the provider may add fields
            }
            String name = item.substring(0, eq).trim();
            String text = item.substring(eq + 1).trim();
            if (name.equals("t")) {
                if (timestamp != null) {
                    // Two timestamps make it ambiguous which one was signed; refuse rather than guess.
                    throw new WebhookVerificationException(Reason.MALFORMED_HEADER,
                            SIGNATURE_HEADER + " has more than one t=");
                }
                timestamp = text;
            } else if (name.equals("v1")) {
                v1Entries++;
                decodeHex(text, signatures);
            }
            // Other schemes (v0 = Stripe's test-mode legacy scheme, future ones) are ignored on purpose.
        }
        if (timestamp == null) {
            throw new WebhookVerificationException(Reason.MALFORMED_HEADER, SIGNATURE_HEADER + " has no t=");
        }
        var signedAt = SignatureScheme.unixSeconds(timestamp, SIGNATURE_HEADER);
        if (v1Entries == 0) {
            throw new WebhookVerificationException(Reason.NO_MATCHING_SIGNATURE,
                    SIGNATURE_HEADER + " has no v1 signature");
        }
        // The signed text is the timestamp as sent, not re-formatted, so it matches what the provider signed.
        return new SignedRequest(null, signedAt, SignatureScheme.utf8(timestamp + "."), signatures);
    }

    // An undecodable entry can never match; skipping it lets a valid sibling entry still pass.
    private static void decodeHex(String text, List<byte[]> into) {
        try {
            into.add(HexFormat.of().parseHex(text));
        } catch (IllegalArgumentException notHex) {
            // skipped
        }
    }
}
