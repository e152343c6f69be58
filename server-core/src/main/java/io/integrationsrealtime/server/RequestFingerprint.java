package io.integrationsrealtime.server;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * What an execute asks for (endpoint, params, requestData), as a 64-bit hash of its JSON values
 * and binary attachments (byte arrays, by content):
 * equal for equal JSON whatever the order of object keys (and 1 equals 1.0), different otherwise
 * but for a 2^-64 chance. It is kept with the idempotency claim, so a requestId reused for another
 * request is recognised; a collision could only hand a client the outcome of its own earlier
 * request. Computed in one walk over the decoded maps, without writing JSON; unseeded, so that
 * every node of a cluster computes the same number.
 */
final class RequestFingerprint {

    private static final long NULL = 0x6A09E667F3BCC908L;
    private static final long FALSE = 0xBB67AE8584CAA73BL;
    private static final long TRUE = 0x3C6EF372FE94F82BL;
    private static final long STRING = 0xA54FF53A5F1D36F1L;
    private static final long NUMBER = 0x510E527FADE682D1L;
    private static final long OBJECT = 0x9B05688C2B3E6C1FL;
    private static final long ARRAY = 0x1F83D9ABFB41BD6BL;
    private static final long FRACTION = 0x5BE0CD19137E2179L;
    private static final long BYTES = 0xCBBB9D5DC1059ED8L;

    private RequestFingerprint() {
    }

    static long of(String endpoint, Map<String, Object> params, Map<String, Object> requestData) {
        long hash = value(endpoint);
        hash = mix(hash * 31 + value(params));
        return mix(hash * 31 + value(requestData));
    }

    private static long value(Object value) {
        if (value == null) {
            return NULL;
        }
        if (value instanceof String text) {
            return text(text);
        }
        if (value instanceof Boolean bool) {
            return bool ? TRUE : FALSE;
        }
        if (value instanceof Number number) {
            return number(number);
        }
        if (value instanceof Map<?, ?> map) {
            // Entries hashed one by one and summed: the sum does not depend on their order.
            long sum = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                sum += mix(text(String.valueOf(entry.getKey())) ^ Long.rotateLeft(value(entry.getValue()), 29));
            }
            return mix(OBJECT ^ sum ^ map.size());
        }
        if (value instanceof byte[] bytes) {
            // A binary attachment (docs/clients.md): by its content, as the bytes of a retry are new arrays.
            long hash = BYTES ^ bytes.length;
            for (byte b : bytes) {
                hash = (hash ^ (b & 0xFF)) * 0x100000001B3L;
            }
            return mix(hash);
        }
        if (value instanceof List<?> list) {
            long hash = ARRAY ^ list.size();
            for (Object item : list) {
                hash = mix(hash * 31 + value(item));
            }
            return hash;
        }
        return text(String.valueOf(value));
    }

    /** FNV-1a over the UTF-16 units, then mixed. */
    private static long text(String text) {
        long hash = STRING;
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * 0x100000001B3L;
        }
        return mix(hash);
    }

    /** An integral number hashes as its long value, whatever its type (1, 1L and 1.0 alike); others by their value. */
    private static long number(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            return mix(NUMBER ^ number.longValue());
        }
        if (number instanceof Double || number instanceof Float) {
            double value = number.doubleValue();
            if (value == Math.rint(value) && Math.abs(value) < 0x1p63) {
                return mix(NUMBER ^ (long) value);
            }
            return mix(FRACTION ^ Double.doubleToLongBits(value));
        }
        BigDecimal exact = number instanceof BigInteger big ? new BigDecimal(big) : new BigDecimal(number.toString());
        try {
            return mix(NUMBER ^ exact.longValueExact());
        } catch (ArithmeticException notALong) {
            return mix(FRACTION ^ text(exact.stripTrailingZeros().toString()));
        }
    }

    private static long mix(long x) {
        x = (x ^ (x >>> 31)) * 0x7FB5D329728EA185L;
        x = (x ^ (x >>> 27)) * 0x81DADEF4BC2DD44DL;
        return x ^ (x >>> 33);
    }
}
