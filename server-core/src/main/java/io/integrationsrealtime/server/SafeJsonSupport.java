package io.integrationsrealtime.server;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.protocol.AckArgs;
import com.corundumstudio.socketio.protocol.Event;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.corundumstudio.socketio.protocol.JsonSupport;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.FastThreadLocal;
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
    /** Whether this thread's last {@link #writeValue} copied an already written packet. */
    private final FastThreadLocal<boolean[]> wroteDirectly = new FastThreadLocal<>() {
        @Override
        protected boolean[] initialValue() {
            return new boolean[1];
        }
    };

    @Override
    public <T> T readValue(String namespaceName, ByteBufInputStream src, Class<T> valueType) throws IOException {
        T value;
        try {
            value = delegate.readValue(namespaceName, src, valueType);
        } catch (Exception notJson) {
            if (valueType == Event.class) {
                return valueType.cast(new Event(INVALID_EVENT, exceedsLimits(notJson) ? TOO_COMPLEX : List.of()));
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

    /** Why valid JSON was not read: the parser's limits (Jackson's defaults: 1000 levels of nesting, ...). */
    private static final List<Object> TOO_COMPLEX = List.of(TextNode.valueOf(
            "payload exceeds the JSON parser's limits (nesting depth, number or string length)"));

    private static boolean exceedsLimits(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamConstraintsException) {
                return true;
            }
        }
        return false;
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

    /**
     * Writes a packet's arguments. Two kinds arrive already written and are copied as they are,
     * without a Jackson generator per packet: a room event's {@link EncodedEvent} (written once
     * for all its recipients) and an ack whose only argument is a {@link RawValue} of JSON text
     * (an execute outcome, written once for the ack and the idempotency store).
     */
    @Override
    public void writeValue(ByteBufOutputStream out, Object value) throws IOException {
        boolean[] direct = wroteDirectly.get();
        byte[] frame = EncodedEvent.frameOf(value);
        if (frame != null) {
            out.write(frame);
            direct[0] = true;
            return;
        }
        if (value instanceof List<?> args && args.size() == 1 && args.get(0) instanceof RawValue raw
                && !(raw instanceof EncodedEvent) && raw.rawValue() instanceof String json) {
            ByteBuf buffer = out.buffer();
            buffer.writeByte('[');
            ByteBufUtil.writeUtf8(buffer, json);   // straight into the packet's buffer, no byte[] between
            buffer.writeByte(']');
            direct[0] = true;
            return;
        }
        direct[0] = false;
        delegate.writeValue(out, value);
    }

    /**
     * The binary attachments of the last packet written on this thread. netty-socketio asks right
     * after {@link #writeValue}; Jackson's list holds whatever the last packet it wrote on this
     * thread had, so after a packet copied as is the answer must be "none", not that stale list.
     */
    @Override
    public List<byte[]> getArrays() {
        return wroteDirectly.get()[0] ? List.of() : delegate.getArrays();
    }
}
