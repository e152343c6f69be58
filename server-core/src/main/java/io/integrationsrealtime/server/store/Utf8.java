package io.integrationsrealtime.server.store;

/**
 * UTF-8 written straight into a caller's array: the idempotency store copies an outcome's text
 * into its ring this way instead of through a {@code byte[]} per outcome. The bytes are those of
 * {@code text.getBytes(StandardCharsets.UTF_8)}, including {@code '?'} for an unpaired surrogate;
 * {@link #keyBytes} keeps unpaired surrogates instead, so that two keys never share their bytes.
 */
final class Utf8 {

    private Utf8() {
    }

    /** How many bytes {@link #encode} writes for {@code text}. */
    static long length(String text) {
        return length(text, false);
    }

    /** Writes {@code text} at {@code at}; returns the index after the last byte written. */
    static int encode(String text, byte[] into, int at) {
        return encode(text, into, at, false);
    }

    /**
     * A key's bytes: UTF-8, except that an unpaired surrogate takes the three bytes of its code
     * unit (as in WTF-8) rather than {@code '?'}: "x" then U+D800 and "x?" are two keys.
     */
    static byte[] keyBytes(String key) {
        byte[] bytes = new byte[Math.toIntExact(length(key, true))];
        encode(key, bytes, 0, true);
        return bytes;
    }

    private static long length(String text, boolean keepUnpaired) {
        int chars = text.length();
        long bytes = chars;
        for (int i = 0; i < chars; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (!Character.isSurrogate(c)) {
                bytes += 2;
            } else if (pairAt(text, i)) {
                bytes += 2;   // two chars, four bytes
                i++;
            } else if (keepUnpaired) {
                bytes += 2;
            }
            // else an unpaired surrogate: one '?'
        }
        return bytes;
    }

    private static int encode(String text, byte[] into, int at, boolean keepUnpaired) {
        int chars = text.length();
        for (int i = 0; i < chars; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                into[at++] = (byte) c;
            } else if (c < 0x800) {
                into[at++] = (byte) (0xC0 | c >> 6);
                into[at++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c) || keepUnpaired && !pairAt(text, i)) {
                into[at++] = (byte) (0xE0 | c >> 12);
                into[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                into[at++] = (byte) (0x80 | c & 0x3F);
            } else if (pairAt(text, i)) {
                int codePoint = Character.toCodePoint(c, text.charAt(++i));
                into[at++] = (byte) (0xF0 | codePoint >> 18);
                into[at++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
                into[at++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
                into[at++] = (byte) (0x80 | codePoint & 0x3F);
            } else {
                into[at++] = '?';
            }
        }
        return at;
    }

    private static boolean pairAt(String text, int i) {
        return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
    }
}
