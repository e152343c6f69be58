package io.integrationsrealtime.client.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.integrationsrealtime.protocol.ProtocolJson;
import io.socket.parser.IOParser;
import io.socket.parser.Packet;
import io.socket.parser.Parser;
import java.util.Objects;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * socket.io-client-java's packet decoder (set as {@code IO.Options.decoder}), with the JSON of
 * EVENT and ACK text packets read by Jackson instead of org.json.
 *
 * <p>Why: with client-sdk as a load generator (one connection, 16 requests in flight), JFR put
 * about 36 % of the client's CPU in the stock {@link IOParser.Decoder}, which parses every packet
 * with org.json's {@code JSONTokener} (char by char through a {@code StringReader}), after which
 * {@link JsonBridge} replayed that org.json tree into Jackson to bind the records. Here the
 * payload is parsed once, by the same mapper that binds it ({@link ProtocolJson}).
 *
 * <p>The fast path takes only a text packet of type EVENT ({@code 2}) or ACK ({@code 3}) of the
 * form {@code <type>[/<nsp>,][<ackId>][<json array>]}, with the array right after the header,
 * nothing but whitespace after it, and, for an EVENT, a string event name first. The packet it
 * hands to socket.io-client-java is what the stock decoder would give except for the arguments:
 * its {@code data} is an org.json {@link JSONArray} whose elements are
 * <ul>
 *   <li>the event name as a {@link String} (socket.io calls {@code toString()} on it),</li>
 *   <li>{@link JSONObject#NULL} for a top-level JSON null (socket.io passes it on as {@code null}),</li>
 *   <li>a Jackson {@link JsonNode} for every other argument: socket.io only passes the elements
 *       on to the listener or ack as they are, and {@link JsonBridge#fromJson} binds them.</li>
 * </ul>
 *
 * <p>Everything else goes, as it came, to a stock {@link IOParser.Decoder} with the same
 * {@code onDecoded} callback, and so is decoded exactly as before: CONNECT, DISCONNECT,
 * CONNECT_ERROR, BINARY_EVENT and BINARY_ACK with their byte[] attachments, and any EVENT or ACK
 * that is malformed or unusual (not JSON as Jackson reads it, duplicate keys, trailing text,
 * whitespace before the array, an ack id that is not an int, an event name that is not a string,
 * ...). Such input fails, or is accepted, as the stock decoder decides, with its
 * {@link io.socket.parser.DecodingException}; the fast path itself never throws.
 *
 * <p>ACK packets (text or binary, fast path or stock) whose id is one of the SDK's own
 * ({@link JacksonPacketEncoder.WithAck}) are handed to the {@link AckRouter} instead of
 * socket.io-client-java, with the arguments socket.io would have passed to an {@code Ack}
 * (JSON null as {@code null}); an ACK the router does not take goes on to socket.io as before.
 *
 * <p>Not thread-safe; socket.io-client-java calls it on its EventThread only (engine.io hands
 * every incoming frame to that thread before the Manager decodes it). One instance per
 * Manager: it holds the Manager's callback. Uses only the org.json API that Android's built-in
 * copy has (the build checks it against Android API 26).
 */
public final class JacksonPacketDecoder implements Parser.Decoder {

    /** Takes the acks of requests sent with the SDK's own ack ids. Called on the EventThread. */
    @FunctionalInterface
    public interface AckRouter {
        /** @return true when the ack was for one of the SDK's ids (handled, or too late); false to let socket.io have it */
        boolean route(int ackId, Object[] arguments);

        /**
         * Offered first, before any tree is built: an ACK text packet whose arguments array spans
         * {@code chars[arrayStart..]}. A router that can bind it straight from the text does so.
         *
         * @return true when handled (as {@link #route}); false to have it read as a tree and {@link #route}d
         */
        default boolean routeText(int ackId, char[] chars, int arrayStart) {
            return false;
        }

        AckRouter NONE = (ackId, arguments) -> false;
    }

    // Duplicate keys and trailing tokens fail here, so the stock decoder decides about them (the
    // org.json jar refuses duplicate keys; org.json ignores text after the array).
    private static final ObjectReader TREE_READER = ProtocolJson.mapper().readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** An ack id of more digits cannot be an int. */
    private static final int MAX_ID_DIGITS = 10;

    private final Parser.Decoder fallback;
    private final AckRouter acks;
    private Callback onDecoded;

    public JacksonPacketDecoder() {
        this(AckRouter.NONE);
    }

    public JacksonPacketDecoder(AckRouter acks) {
        this(new IOParser.Decoder(), acks);
    }

    /** For tests: {@code fallback} decodes whatever the fast path does not take. */
    JacksonPacketDecoder(Parser.Decoder fallback) {
        this(fallback, AckRouter.NONE);
    }

    JacksonPacketDecoder(Parser.Decoder fallback, AckRouter acks) {
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.acks = Objects.requireNonNull(acks, "acks");
    }

    @Override
    public void add(String encoded) {
        Header header = readHeader(encoded, 0);
        char[] chars = header == null ? null : encoded.toCharArray();
        if (header != null && header.type == Parser.ACK && header.id >= 0
                && acks.routeText(header.id, chars, header.arrayStart)) {
            return;
        }
        JsonNode arguments = header == null ? null : readArguments(chars, header);
        if (arguments == null) {
            fallback.add(encoded);
            return;
        }
        if (header.type == Parser.ACK && header.id >= 0 && acks.route(header.id, ackArguments(arguments))) {
            return;
        }
        Callback callback = onDecoded;
        if (callback != null) {
            callback.call(toPacket(header, arguments));
        }
    }

    @Override
    public void add(byte[] attachment) {
        fallback.add(attachment);
    }

    @Override
    public void destroy() {
        onDecoded = null;
        fallback.destroy();
    }

    @Override
    public void onDecoded(Callback callback) {
        onDecoded = callback;
        // The stock decoder's acks (binary, or text the fast path left alone) are routed too.
        fallback.onDecoded(callback == null ? null : packet -> {
            if (!routeStockAck(packet)) {
                callback.call(packet);
            }
        });
    }

    private boolean routeStockAck(Packet packet) {
        if ((packet.type != Parser.ACK && packet.type != Parser.BINARY_ACK) || packet.id < 0
                || !(packet.data instanceof JSONArray)) {
            return false;
        }
        JSONArray data = (JSONArray) packet.data;
        Object[] arguments = new Object[data.length()];
        for (int i = 0; i < arguments.length; i++) {
            Object value = data.opt(i);  // as socket.io's Socket.toArray: JSON null becomes null
            arguments[i] = JSONObject.NULL.equals(value) ? null : value;
        }
        return acks.route(packet.id, arguments);
    }

    /** The arguments an Ack would get: the JSON nodes, JSON null as null. */
    private static Object[] ackArguments(JsonNode arguments) {
        Object[] result = new Object[arguments.size()];
        for (int n = 0; n < result.length; n++) {
            JsonNode argument = arguments.get(n);
            result[n] = argument.isNull() ? null : argument;
        }
        return result;
    }

    /**
     * The packet, or null when the input is not a plain EVENT or ACK text packet that Jackson
     * reads as such (the stock decoder then decides).
     */
    static Packet<JSONArray> decodeEventOrAck(String encoded) {
        Header header = readHeader(encoded, 0);
        JsonNode arguments = header == null ? null : readArguments(encoded.toCharArray(), header);
        return arguments == null ? null : toPacket(header, arguments);
    }

    /**
     * For {@link DirectFrames}: the ACK text packet that starts at {@code offset} of {@code frame},
     * given to {@code acks} (as {@link #add} would). Never throws.
     *
     * @return true when {@code acks} took it; false when it is no plain ACK or not one of theirs
     */
    static boolean routeAck(String frame, int offset, AckRouter acks) {
        if (frame.length() <= offset || frame.charAt(offset) != '3') {
            return false;
        }
        Header header = readHeader(frame, offset);
        if (header == null || header.id < 0) {
            return false;
        }
        char[] chars = frame.toCharArray();
        if (acks.routeText(header.id, chars, header.arrayStart)) {
            return true;
        }
        JsonNode arguments = readArguments(chars, header);
        return arguments != null && acks.route(header.id, ackArguments(arguments));
    }

    /** Where an EVENT or ACK text packet's array starts, and what comes before it. */
    private record Header(int type, String nsp, int id, int arrayStart) {
    }

    /**
     * The header of the packet from {@code start}, or null when it is not an EVENT or ACK text
     * packet of the plain form.
     */
    private static Header readHeader(String encoded, int start) {
        int length = encoded == null ? 0 : encoded.length();
        if (length - start < 3) {
            return null;  // the shortest candidate is "3[]"
        }
        char typeChar = encoded.charAt(start);
        int type;
        if (typeChar == '2') {
            type = Parser.EVENT;
        } else if (typeChar == '3') {
            type = Parser.ACK;
        } else {
            return null;
        }
        int i = start + 1;
        String nsp = "/";
        if (encoded.charAt(i) == '/') {
            // As the stock decoder: the namespace runs to the first comma.
            int comma = encoded.indexOf(',', i);
            if (comma < 0) {
                return null;
            }
            nsp = encoded.substring(i, comma);
            i = comma + 1;
        }
        int id = -1;
        int idStart = i;
        long parsedId = 0;
        while (i < length && isAsciiDigit(encoded.charAt(i))) {
            if (i - idStart == MAX_ID_DIGITS) {
                return null;
            }
            parsedId = parsedId * 10 + (encoded.charAt(i) - '0');
            i++;
        }
        if (i > idStart) {
            if (parsedId > Integer.MAX_VALUE) {
                return null;
            }
            id = (int) parsedId;
        }
        if (i >= length || encoded.charAt(i) != '[') {
            return null;
        }
        return new Header(type, nsp, id, i);
    }

    /** The arguments array, or null when Jackson does not read it or the stock decoder should decide. */
    private static JsonNode readArguments(char[] chars, Header header) {
        JsonNode arguments = readArray(chars, header.arrayStart);
        if (arguments == null) {
            return null;
        }
        if (header.type == Parser.EVENT && (arguments.size() == 0 || !arguments.get(0).isTextual())) {
            return null;  // no event name, or one the stock decoder treats its own way
        }
        return arguments;
    }

    private static Packet<JSONArray> toPacket(Header header, JsonNode arguments) {
        int count = arguments.size();
        JSONArray data = new JSONArray();
        for (int n = 0; n < count; n++) {
            JsonNode argument = arguments.get(n);
            if (n == 0 && header.type == Parser.EVENT) {
                data.put(argument.textValue());
            } else if (argument.isNull()) {
                data.put(JSONObject.NULL);
            } else {
                data.put(argument);
            }
        }
        Packet<JSONArray> packet = new Packet<>(header.type, data);
        packet.nsp = header.nsp;
        packet.id = header.id;
        return packet;
    }

    /** The JSON array from {@code start} to the end, or null if Jackson does not read it as one. */
    private static JsonNode readArray(char[] chars, int start) {
        try (JsonParser parser = TREE_READER.createParser(chars, start, chars.length - start)) {
            JsonNode tree = TREE_READER.readTree(parser);
            return tree != null && tree.isArray() ? tree : null;
        } catch (Exception notForTheFastPath) {  // IOException, or a parser constraint exceeded
            return null;
        }
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
