package io.integrationsrealtime.server.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Puts the binary attachments of a Socket.IO binary packet where its JSON has placeholders
 * ({@code {"_placeholder":true,"num":N}}), as the reference parser reconstructs packets: in the
 * decoded arguments, an attachment becomes a {@code byte[]} in maps and lists (arguments bound
 * to {@code Object} or {@code Map}) and a {@link BinaryNode} in Jackson trees (arguments bound to
 * {@link JsonNode}). Arguments bound to other classes are left as they are.
 */
public final class Placeholders {

    private Placeholders() {
    }

    /**
     * Fills the placeholders of {@code args} in place.
     *
     * @param args        decoded packet arguments (a mutable list)
     * @param attachments the packet's attachments, in order
     * @throws RuntimeException when a placeholder names no attachment
     */
    public static void fill(List<Object> args, List<byte[]> attachments) {
        for (int i = 0, n = args.size(); i < n; i++) {
            Object arg = args.get(i);
            Object filled = fill(arg, attachments);
            if (filled != arg) {
                args.set(i, filled);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object fill(Object value, List<byte[]> attachments) {
        if (value instanceof Map<?, ?> map) {
            if (Boolean.TRUE.equals(map.get("_placeholder"))) {
                return attachment(map.get("num") instanceof Number num ? num : null, attachments);
            }
            for (Map.Entry<Object, Object> entry : ((Map<Object, Object>) map).entrySet()) {
                Object filled = fill(entry.getValue(), attachments);
                if (filled != entry.getValue()) {
                    entry.setValue(filled);
                }
            }
        } else if (value instanceof List<?> list) {
            fill((List<Object>) list, attachments);
        } else if (value instanceof JsonNode node) {
            return fillTree(node, attachments);
        }
        return value;
    }

    /**
     * The tree with its placeholders replaced by {@link BinaryNode}s (in place where possible).
     *
     * @param node        a JSON tree
     * @param attachments the attachments the placeholders number
     * @return {@code node}, or the attachment when {@code node} itself is a placeholder
     * @throws RuntimeException when a placeholder names no attachment
     */
    public static JsonNode fillTree(JsonNode node, List<byte[]> attachments) {
        if (node instanceof ObjectNode object) {
            JsonNode flag = object.get("_placeholder");
            if (flag != null && flag.isBoolean() && flag.booleanValue()) {
                JsonNode num = object.get("num");
                return BinaryNode.valueOf(attachment(num != null && num.isIntegralNumber() ? num.numberValue() : null, attachments));
            }
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode filled = fillTree(field.getValue(), attachments);
                if (filled != field.getValue()) {
                    field.setValue(filled);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0, n = array.size(); i < n; i++) {
                JsonNode item = array.get(i);
                JsonNode filled = fillTree(item, attachments);
                if (filled != item) {
                    array.set(i, filled);
                }
            }
        }
        return node;
    }

    private static byte[] attachment(Number num, List<byte[]> attachments) {
        if (num == null || num.doubleValue() != num.longValue() || num.longValue() < 0 || num.longValue() >= attachments.size()) {
            throw Violation.PLACEHOLDER_OUT_OF_RANGE;
        }
        return attachments.get(num.intValue());
    }
}
