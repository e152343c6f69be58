package io.integrationsrealtime.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * How many bytes a parsed payload takes as compact JSON text in UTF-8, counted from the tree
 * (nothing is written or encoded) and stopping as soon as it is over a limit. Characters count
 * by their UTF-8 length: a limit of 64 KiB is 64 KiB of "€" (three bytes each), not 64 K of them.
 */
final class JsonSize {

    private JsonSize() {
    }

    static boolean exceeds(JsonNode root, int maxBytes) {
        long size = 0;
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isObject()) {
                // {"key":value,...}: braces, and per field its quoted key, a colon and a comma but the last
                size += node.isEmpty() ? 2 : 1 + 4L * node.size();
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext() && size <= maxBytes) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    size += text(field.getKey(), maxBytes - size);
                    pending.push(field.getValue());
                }
            } else if (node.isArray()) {
                size += node.isEmpty() ? 2 : 1L + node.size();   // brackets and the commas between
                node.forEach(pending::push);
            } else if (node.isBinary()) {
                size += ((com.fasterxml.jackson.databind.node.BinaryNode) node).binaryValue().length;
            } else if (node.isTextual()) {
                size += 2 + text(node.textValue(), maxBytes - size);
            } else if (node.isIntegralNumber() && node.canConvertToLong()) {
                size += digits(node.longValue());
            } else {
                size += node.asText().length();   // true, false, null, fractions, big numbers: ASCII
            }
            if (size > maxBytes) {
                return true;
            }
        }
        return false;
    }

    /** The UTF-8 bytes of a string's JSON escape, without its quotes; stops counting once over {@code budget}. */
    private static long text(String value, long budget) {
        int chars = value.length();
        long bytes = chars;
        if (bytes > budget) {
            return bytes;   // over already at one byte per character
        }
        for (int i = 0; i < chars && bytes <= budget; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                // 2 bytes up to U+07FF, else 3; a surrogate pair is 4 bytes, 2 per char
                bytes += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            } else if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
                bytes += 1;   // a two-character escape
            } else if (c < 0x20) {
                bytes += 5;   // \\u00XX
            }
        }
        return bytes;
    }

    private static int digits(long value) {
        if (value == Long.MIN_VALUE) {
            return 20;
        }
        int digits = value < 0 ? 2 : 1;
        for (long rest = Math.abs(value); rest >= 10; rest /= 10) {
            digits++;
        }
        return digits;
    }
}
