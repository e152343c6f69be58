package io.integrationsrealtime.server.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.integrationsrealtime.protocol.ProtocolJson;
import io.integrationsrealtime.server.store.ReplayLog;
import java.time.Instant;
import java.util.List;

/**
 * One room event as Redis carries it: in the room's stream (fields e, p, x, t) and on the events
 * channel ({@code seq \n room \n event \n excluded \n millis \n payload}; ids and event names hold
 * no newline, so the payload JSON is simply the rest). The payload has no {@code seq}; each node
 * adds it when it turns the event into a {@link ReplayLog.Entry}.
 */
record LoggedEvent(String room, long seq, String event, String excludedSessionId, Instant at, String payloadJson) {

    /** Reads a channel message; null when it is not one of ours. */
    static LoggedEvent fromMessage(String message) {
        String[] parts = message.split("\n", 6);
        if (parts.length != 6) {
            return null;
        }
        try {
            return new LoggedEvent(parts[1], Long.parseLong(parts[0]), parts[2], emptyToNull(parts[3]),
                    Instant.ofEpochMilli(Long.parseLong(parts[4])), parts[5]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Reads an XRANGE entry: {@code [id, [field, value, ...]]} with id {@code <seq>-0}. */
    static LoggedEvent fromStream(String room, List<?> entry) {
        String id = (String) entry.get(0);
        List<?> fields = (List<?>) entry.get(1);
        String event = null;
        String payload = null;
        String excluded = null;
        long millis = 0;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String value = (String) fields.get(i + 1);
            switch ((String) fields.get(i)) {
                case "e" -> event = value;
                case "p" -> payload = value;
                case "x" -> excluded = emptyToNull(value);
                case "t" -> millis = Long.parseLong(value);
                default -> { }
            }
        }
        long seq = Long.parseLong(id.substring(0, id.indexOf('-')));
        return new LoggedEvent(room, seq, event, excluded, Instant.ofEpochMilli(millis), payload);
    }

    /** The payload as this node sends it: a JSON tree with its {@code seq}. */
    ReplayLog.Entry toEntry() {
        try {
            ObjectNode payload = (ObjectNode) ProtocolJson.mapper().readTree(payloadJson);
            payload.put("seq", seq);
            return new ReplayLog.Entry(seq, event, payload, at);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("unreadable payload in room " + room + " at seq " + seq, e);
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
