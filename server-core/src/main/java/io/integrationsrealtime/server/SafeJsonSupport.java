package io.integrationsrealtime.server;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.protocol.AckArgs;
import com.corundumstudio.socketio.protocol.Event;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.corundumstudio.socketio.protocol.JsonSupport;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * netty-socketio's JSON layer, made to answer bad input instead of dropping it: a payload that
 * does not parse becomes a {@link #INVALID_EVENT} event and an event nobody listens to becomes an
 * {@link #UNKNOWN_EVENT} event, both answered with a typed error by the server. It also keeps
 * netty-socketio from logging whole payloads (tokens included) at ERROR on decode failures, and
 * writes each {@code byte[]} it sends as a Socket.IO binary attachment, its placeholder's keys in
 * the reference order (docs/clients.md, "Binary data").
 *
 * <p>Standalone servers always use it. A host that attaches to its own netty-socketio server gets
 * it from {@code IntegrationsServer.Builder.applySecureDefaults}, one instance per
 * {@code SocketIOServer}. Its other JSON is Jackson's, as with netty-socketio's default
 * {@code JacksonJsonSupport}.
 */
public final class SafeJsonSupport implements JsonSupport {

    /** Internal event names (starting with a NUL character); a client sending them gets UNKNOWN_EVENT. */
    static final String INVALID_EVENT = "\u0000invalid";
    static final String UNKNOWN_EVENT = "\u0000unknown";
    /** Event names of {@link #isUsedBy} probes; only a SafeJsonSupport takes note of them. */
    private static final String PROBE = "\u0000probe:";
    private static final Set<String> PROBES_SEEN = ConcurrentHashMap.newKeySet();

    private final PlaceholderJackson delegate = new PlaceholderJackson();
    /**
     * Per namespace, its mapped events and whether the listener takes one JsonNode (all of this
     * library's: those are read by {@link PlaceholderJackson#readTreeEvent}).
     */
    private final Map<String, Map<String, Boolean>> eventsByNamespace = new ConcurrentHashMap<>();
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
            Event tree = valueType == Event.class ? delegate.readTreeEvent(src, name -> takesOneTree(namespaceName, name)) : null;
            value = tree != null ? valueType.cast(tree) : delegate.readValue(namespaceName, src, valueType);
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

    /** Whether netty-socketio would read {@code eventName}'s arguments as one JsonNode. */
    private boolean takesOneTree(String namespaceName, String eventName) {
        return Boolean.TRUE.equals(mapping(namespaceName, eventName));
    }

    private boolean listened(String namespaceName, String eventName) {
        return eventName != null && mapping(namespaceName, eventName) != null;
    }

    /**
     * How {@code eventName} is mapped (whether it takes one JsonNode), null when it is not: like
     * netty-socketio's own lookup, the namespace's mapping, then the default namespace's.
     */
    private Boolean mapping(String namespaceName, String eventName) {
        Map<String, Boolean> events = eventsByNamespace.get(namespaceName == null ? "" : namespaceName);
        Boolean mapped = events == null ? null : events.get(eventName);
        if (mapped != null) {
            return mapped;
        }
        Map<String, Boolean> defaults = eventsByNamespace.get("");
        return defaults == null ? null : defaults.get(eventName);
    }

    /**
     * Whether the server of {@code namespace} reads its packets with a SafeJsonSupport. netty-socketio
     * wraps the configured JsonSupport in a class of its own, so this asks through the namespace:
     * adding a listener registers its event with the server's JsonSupport.
     */
    static boolean isUsedBy(SocketIONamespace namespace) {
        String probe = PROBE + UUID.randomUUID();
        namespace.addEventListener(probe, Object.class, (client, data, ack) -> { });
        namespace.removeAllListeners(probe);
        return PROBES_SEEN.remove(probe);
    }

    @Override
    public void addEventMapping(String namespaceName, String eventName, Class<?>... eventClass) {
        if (eventName.startsWith(PROBE)) {
            PROBES_SEEN.add(eventName);
            return;
        }
        // A later mapping replaces the earlier one, as in netty-socketio.
        eventsByNamespace.computeIfAbsent(namespaceName, ns -> new ConcurrentHashMap<>())
                .put(eventName, eventClass.length == 1 && eventClass[0] == JsonNode.class);
        delegate.addEventMapping(namespaceName, eventName, eventClass);
    }

    @Override
    public void removeEventMapping(String namespaceName, String eventName) {
        if (eventName.startsWith(PROBE)) {
            return;
        }
        Map<String, Boolean> events = eventsByNamespace.get(namespaceName);
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
                && !(raw instanceof EncodedEvent) && !(raw instanceof BinaryPayloads.Outcome) && raw.rawValue() instanceof String json) {
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
     * The binary attachments of the last packet written on this thread: its {@code byte[]}
     * values, each written as a Socket.IO placeholder. The engine asks right after
     * {@link #writeValue}; after a packet copied as is the answer is "none", not the list of an
     * earlier packet.
     */
    @Override
    public List<byte[]> getArrays() {
        return wroteDirectly.get()[0] ? List.of() : delegate.getArrays();
    }

    /**
     * netty-socketio's Jackson support, writing {@code byte[]} as placeholders with their keys in
     * the reference order ({@code _placeholder}, then {@code num}) into a list reused per thread
     * (netty-socketio's own writes a HashMap, and makes a new list for every packet it writes).
     * Its configuration is netty-socketio's, set here because its own {@code init} registers the
     * byte[] serializer that this one replaces.
     */
    private static final class PlaceholderJackson extends JacksonJsonSupport {

        /** Made after {@link #init} configured the mapper: the same modules and settings. */
        private final ObjectReader trees = objectMapper.readerFor(JsonNode.class);

        /**
         * An event whose listener takes one JsonNode, read with one parser and a reader made once,
         * instead of netty-socketio's path (a root read per packet, then another per argument,
         * each resolving its type and deserializer again): about a third of what reading a request
         * cost (docs/benchmarks.md). It reads the tokens netty-socketio's event deserializer reads,
         * in the same order: the name, the first argument, then one token more (further arguments
         * are ignored, as there). Anything else, including input that fails, is left to
         * netty-socketio's path from the start (null), so that what it accepts and refuses is
         * unchanged.
         */
        Event readTreeEvent(ByteBufInputStream src, Predicate<String> takesOneTree) {
            src.mark(Integer.MAX_VALUE);
            try {
                JsonParser parser = objectMapper.createParser((InputStream) src);
                parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
                try (parser) {
                    String name;
                    if (parser.nextToken() == JsonToken.START_ARRAY && (name = parser.nextTextValue()) != null
                            && takesOneTree.test(name)) {
                        List<Object> args = new ArrayList<>(1);
                        if (parser.nextToken() != JsonToken.END_ARRAY) {
                            args.add(trees.readValue(parser));
                            parser.nextToken();
                        }
                        return new Event(name, args);
                    }
                }
            } catch (IOException | RuntimeException unusual) {
                // read again below by netty-socketio's path, which fails (or not) as it always has
            }
            try {
                src.reset();
            } catch (IOException cannotHappen) {
                throw new IllegalStateException(cannotHappen);
            }
            return null;
        }

        @Override
        protected void init(ObjectMapper mapper) {
            SimpleModule module = BinaryPlaceholders.module();
            module.addDeserializer(Event.class, eventDeserializer);
            module.addDeserializer(AckArgs.class, ackArgsDeserializer);
            mapper.registerModule(module);
            mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
            mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
            mapper.configure(SerializationFeature.WRITE_BIGDECIMAL_AS_PLAIN, true);
            mapper.configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
        }

        @Override
        public void writeValue(ByteBufOutputStream out, Object value) throws IOException {
            BinaryPlaceholders.clear();
            objectMapper.writeValue((OutputStream) out, value);
        }

        @Override
        public List<byte[]> getArrays() {
            return BinaryPlaceholders.collected();
        }
    }
}
