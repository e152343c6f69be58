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
 * <p>Not thread-safe; socket.io-client-java calls it on its EventThread only. One instance per
 * Manager: it holds the Manager's callback. Uses only the org.json API that Android's built-in
 * copy has (the build checks it against Android API 26).
 */
public final class JacksonPacketDecoder implements Parser.Decoder {

    // Duplicate keys and trailing tokens fail here, so the stock decoder decides about them (the
    // org.json jar refuses duplicate keys; org.json ignores text after the array).
    private static final ObjectReader TREE_READER = ProtocolJson.mapper().readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** An ack id of more digits cannot be an int. */
    private static final int MAX_ID_DIGITS = 10;

    private final Parser.Decoder fallback;
    private Callback onDecoded;

    public JacksonPacketDecoder() {
        this(new IOParser.Decoder());
    }

    /** For tests: {@code fallback} decodes whatever the fast path does not take. */
    JacksonPacketDecoder(Parser.Decoder fallback) {
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public void add(String encoded) {
        Packet<JSONArray> packet = decodeEventOrAck(encoded);
        if (packet == null) {
            fallback.add(encoded);
            return;
        }
        Callback callback = onDecoded;
        if (callback != null) {
            callback.call(packet);
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
        fallback.onDecoded(callback);
    }

    /**
     * The packet, or null when the input is not a plain EVENT or ACK text packet that Jackson
     * reads as such (the stock decoder then decides).
     */
    static Packet<JSONArray> decodeEventOrAck(String encoded) {
        int length = encoded == null ? 0 : encoded.length();
        if (length < 3) {
            return null;  // the shortest candidate is "3[]"
        }
        char typeChar = encoded.charAt(0);
        int type;
        if (typeChar == '2') {
            type = Parser.EVENT;
        } else if (typeChar == '3') {
            type = Parser.ACK;
        } else {
            return null;
        }
        int i = 1;
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
        JsonNode arguments = readArray(encoded, i);
        if (arguments == null) {
            return null;
        }
        int count = arguments.size();
        if (type == Parser.EVENT && (count == 0 || !arguments.get(0).isTextual())) {
            return null;  // no event name, or one the stock decoder treats its own way
        }
        JSONArray data = new JSONArray();
        for (int n = 0; n < count; n++) {
            JsonNode argument = arguments.get(n);
            if (n == 0 && type == Parser.EVENT) {
                data.put(argument.textValue());
            } else if (argument.isNull()) {
                data.put(JSONObject.NULL);
            } else {
                data.put(argument);
            }
        }
        Packet<JSONArray> packet = new Packet<>(type, data);
        packet.nsp = nsp;
        packet.id = id;
        return packet;
    }

    /** The JSON array from {@code start} to the end, or null if Jackson does not read it as one. */
    private static JsonNode readArray(String encoded, int start) {
        char[] chars = encoded.toCharArray();
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
