package io.integrationsrealtime.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/** Estimates how large a parsed payload was as JSON text, stopping as soon as it is over a limit. */
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
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    size += field.getKey().length() + 4;
                    pending.push(field.getValue());
                }
                size += 2;
            } else if (node.isArray()) {
                node.forEach(pending::push);
                size += 2 + node.size();
            } else if (node.isBinary()) {
                size += ((com.fasterxml.jackson.databind.node.BinaryNode) node).binaryValue().length;
            } else if (node.isTextual()) {
                size += node.textValue().length() + 2;
            } else {
                size += 8;
            }
            if (size > maxBytes) {
                return true;
            }
        }
        return false;
    }
}
