package io.integrationsrealtime.client.internal;

import io.socket.parser.IOParser;
import io.socket.parser.Packet;
import io.socket.parser.Parser;
import java.util.Objects;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * socket.io-client-java's packet encoder (set as {@code IO.Options.encoder}) that writes the SDK's
 * requests without org.json: an EVENT or ACK text packet whose arguments are all
 * {@link JsonBridge.JsonText} (a record's JSON, written once by Jackson) or strings (the event
 * name) is written here as {@code <type>[<nsp>,][<ackId>][<arguments>]}, the JSON text copied as
 * is and strings quoted by org.json as the stock encoder quotes them.
 *
 * <p>Why: with client-sdk as a load generator, org.json's part of each request was building a
 * {@code JSONObject} from the record and writing it again as text ({@code JSONArray.toString()}
 * in the stock {@link IOParser.Encoder}), after socket.io's binary check had walked it. Writing
 * the record's text once with Jackson leaves only string concatenation here.
 *
 * <p>Why an encoder of our own rather than an org.json {@code JSONString} argument, which the
 * org.json jar's writer copies verbatim: Android's built-in org.json has no {@code JSONString}
 * (and its writer quotes unknown objects as strings), and the SDK runs there with that copy.
 *
 * <p>Every other packet (CONNECT with its auth object, DISCONNECT, anything with other argument
 * types, binary packets) goes to the stock encoder unchanged. Stateless.
 */
public final class JacksonPacketEncoder implements Parser.Encoder {

    private final Parser.Encoder fallback;

    public JacksonPacketEncoder() {
        this(new IOParser.Encoder());
    }

    /** For tests: {@code fallback} encodes whatever this encoder does not write itself. */
    JacksonPacketEncoder(Parser.Encoder fallback) {
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public void encode(Packet packet, Callback callback) {
        String text = encodeText(packet);
        if (text == null) {
            fallback.encode(packet, callback);
        } else {
            callback.call(new Object[] {text});
        }
    }

    /** The packet's text, or null when the stock encoder should write it. */
    static String encodeText(Packet<?> packet) {
        if ((packet.type != Parser.EVENT && packet.type != Parser.ACK) || !(packet.data instanceof JSONArray)) {
            return null;
        }
        JSONArray arguments = (JSONArray) packet.data;
        int count = arguments.length();
        int size = 16;
        for (int i = 0; i < count; i++) {
            Object argument = arguments.opt(i);
            if (argument instanceof JsonBridge.JsonText) {
                size += ((JsonBridge.JsonText) argument).json().length() + 1;
            } else if (argument instanceof String) {
                size += ((String) argument).length() + 3;
            } else {
                return null;
            }
        }
        StringBuilder out = new StringBuilder(size + (packet.nsp == null ? 0 : packet.nsp.length()));
        out.append(packet.type);
        if (packet.nsp != null && !packet.nsp.isEmpty() && !"/".equals(packet.nsp)) {
            out.append(packet.nsp).append(',');
        }
        if (packet.id >= 0) {
            out.append(packet.id);
        }
        out.append('[');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(',');
            }
            Object argument = arguments.opt(i);
            if (argument instanceof JsonBridge.JsonText) {
                out.append(((JsonBridge.JsonText) argument).json());
            } else {
                out.append(JSONObject.quote((String) argument));
            }
        }
        return out.append(']').toString();
    }
}
