package io.integrationsrealtime.server.webhook;

import io.integrationsrealtime.server.webhook.WebhookVerificationException.Reason;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature:
 * v1,<base64> [v1,<base64>...]} over {@code id + "." + timestamp + "." + body}, keyed by the bytes
 * base64-encoded after the {@code whsec_} prefix of the secret.
 */
final class StandardWebhooksScheme implements SignatureScheme {

    static final String ID_HEADER = "webhook-id";
    static final String TIMESTAMP_HEADER = "webhook-timestamp";
    static final String SIGNATURE_HEADER = "webhook-signature";
    static final String SECRET_PREFIX = "whsec_";

    @Override
    public byte[] key(String secret) {
        // Dashboards sometimes show the secret without its prefix; both forms name the same key.
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("Standard Webhooks secret must be whsec_ followed by base64");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("Standard Webhooks secret is empty");
        }
        return key;
    }

    @Override
    public SignedRequest read(Function<String, String> header) throws WebhookVerificationException {
        String id = SignatureScheme.required(header, ID_HEADER);
        String timestamp = SignatureScheme.required(header, TIMESTAMP_HEADER);
        String value = SignatureScheme.required(header, SIGNATURE_HEADER);
        var signedAt = SignatureScheme.unixSeconds(timestamp, TIMESTAMP_HEADER);
        List<byte[]> signatures = new ArrayList<>();
        int v1Entries = 0;
        for (String entry : value.split("\\s+")) {
            int comma = entry.indexOf(',');
            // Other versions (v1a = asymmetric ed25519) are not supported and are ignored, as the spec allows.
            if (comma > 0 && entry.substring(0, comma).equals("v1")) {
                v1Entries++;
                decodeBase64(entry.substring(comma + 1), signatures);
            }
        }
        if (v1Entries == 0) {
            throw new WebhookVerificationException(Reason.NO_MATCHING_SIGNATURE,
                    SIGNATURE_HEADER + " has no v1 signature");
        }
        return new SignedRequest(id, signedAt, SignatureScheme.utf8(id + "." + timestamp + "."), signatures);
    }

    // An undecodable entry can never match; skipping it lets a valid sibling entry still pass.
    private static void decodeBase64(String text, List<byte[]> into) {
        try {
            into.add(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException notBase64) {
            // skipped
        }
    }
}
