package io.integrationsrealtime.server;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.protocol.AckArgs;
import com.corundumstudio.socketio.protocol.Event;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.corundumstudio.socketio.protocol.JsonSupport;
import com.fasterxml.jackson.databind.node.TextNode;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * netty-socketio's JSON layer, made to answer bad input instead of dropping it: a payload that
 * does not parse becomes a {@link #INVALID_EVENT} event and an event nobody listens to becomes an
 * {@link #UNKNOWN_EVENT} event, both answered with a typed error by the server. It also keeps
 * netty-socketio from logging whole payloads (tokens included) at ERROR on decode failures.
 */
public final class SafeJsonSupport implements JsonSupport {

    /** Internal event names (starting with a NUL character); a client sending them gets UNKNOWN_EVENT. */
    static final String INVALID_EVENT = "\u0000invalid";
    static final String UNKNOWN_EVENT = "\u0000unknown";

    private final JsonSupport delegate = new JacksonJsonSupport();
    private final Map<String, Set<String>> eventsByNamespace = new ConcurrentHashMap<>();

    @Override
    public <T> T readValue(String namespaceName, ByteBufInputStream src, Class<T> valueType) throws IOException {
        T value;
        try {
            value = delegate.readValue(namespaceName, src, valueType);
        } catch (Exception notJson) {
            if (valueType == Event.class) {
                return valueType.cast(new Event(INVALID_EVENT, List.of()));
            }
            if (valueType == Map.class) {
                return valueType.cast(Map.of());  // an auth payload that is not an object: no token
            }
            throw new IOException("undecodable " + valueType.getSimpleName());
        }
        // A client can write the internal names too (JSON escapes NUL): treat them as unknown events.
        if (value instanceof Event event && (!listened(namespaceName, event.getName()) || internal(event.getName()))) {
            String name = event.getName() == null ? "" : event.getName();
            String shown = name.length() > 100 ? name.substring(0, 100) : name;
            return valueType.cast(new Event(UNKNOWN_EVENT, List.of(TextNode.valueOf(shown))));
        }
        return value;
    }

    private static boolean internal(String eventName) {
        return INVALID_EVENT.equals(eventName) || UNKNOWN_EVENT.equals(eventName);
    }

    private boolean listened(String namespaceName, String eventName) {
        if (eventName == null) {
            return false;
        }
        // Like netty-socketio's own lookup: the namespace's listeners, then the default namespace's.
        Set<String> events = eventsByNamespace.get(namespaceName == null ? "" : namespaceName);
        Set<String> defaults = eventsByNamespace.get("");
        return (events != null && events.contains(eventName)) || (defaults != null && defaults.contains(eventName));
    }

    @Override
    public void addEventMapping(String namespaceName, String eventName, Class<?>... eventClass) {
        eventsByNamespace.computeIfAbsent(namespaceName, ns -> ConcurrentHashMap.newKeySet()).add(eventName);
        delegate.addEventMapping(namespaceName, eventName, eventClass);
    }

    @Override
    public void removeEventMapping(String namespaceName, String eventName) {
        Set<String> events = eventsByNamespace.get(namespaceName);
        if (events != null) {
            events.remove(eventName);
        }
        delegate.removeEventMapping(namespaceName, eventName);
    }

    @Override
    public AckArgs readAckArgs(ByteBufInputStream src, AckCallback<?> callback) throws IOException {
        return delegate.readAckArgs(src, callback);
    }

    @Override
    public void writeValue(ByteBufOutputStream out, Object value) throws IOException {
        delegate.writeValue(out, value);
    }

    @Override
    public List<byte[]> getArrays() {
        return delegate.getArrays();
    }
}
