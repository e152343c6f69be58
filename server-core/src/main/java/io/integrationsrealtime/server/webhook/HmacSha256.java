package io.integrationsrealtime.server.webhook;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 over the concatenation of several parts, so the signed content is never copied into one array. */
final class HmacSha256 {

    private static final String ALGORITHM = "HmacSHA256";

    private HmacSha256() {
    }

    static byte[] of(byte[] key, byte[]... parts) {
        try {
            // A Mac is not thread-safe; a fresh one per call keeps verifiers shareable across threads.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            // Every JDK ships HmacSHA256, and keys are checked non-empty when configured.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
