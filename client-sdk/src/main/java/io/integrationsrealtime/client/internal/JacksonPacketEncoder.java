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
 * <p>The SDK's requests carry their ack id themselves: the last argument is a {@link WithAck}
 * (the request's JSON and the id from the SDK's own counter), emitted without a socket.io
 * {@code Ack}, and written here as {@code 2<ackId>[...]}, the wire form socket.io would have
 * written. Why: socket.io-client-java 2.1.2 formats a log message with {@code String.format} on
 * every emit with an ack, logged or not (a {@code DecimalFormatSymbols} each under most locales),
 * and keeps the ack in a map of its own; see {@link JacksonPacketDecoder} for the way back.
 *
 * <p>Every other packet (CONNECT with its auth object, DISCONNECT, anything with other argument
 * types, binary packets) goes to the stock encoder unchanged. Stateless.
 */
public final class JacksonPacketEncoder implements Parser.Encoder {

    /**
     * A request's JSON with the ack id it is sent with; only as the last argument of an EVENT
     * packet that socket.io gave no ack id. The stock encoder never sees it.
     */
    public record WithAck(int ackId, JsonBridge.JsonText payload) {
    }

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
        int ackId = packet.id;
        for (int i = 0; i < count; i++) {
            Object argument = arguments.opt(i);
            if (argument instanceof WithAck withAck) {
                if (i != count - 1 || packet.type != Parser.EVENT || packet.id >= 0) {
                    return null;  // not the SDK's request as it sends it: the stock encoder decides
                }
                ackId = withAck.ackId();
                size += withAck.payload().json().length() + 1;
            } else if (argument instanceof JsonBridge.JsonText) {
                size += ((JsonBridge.JsonText) argument).json().length() + 1;
            } else if (argument instanceof String) {
                size += ((String) argument).length() + 3;
            } else {
                return null;
            }
        }
        StringBuilder out = header(packet.type, packet.nsp, ackId, size);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(',');
            }
            Object argument = arguments.opt(i);
            if (argument instanceof WithAck withAck) {
                out.append(withAck.payload().json());
            } else if (argument instanceof JsonBridge.JsonText) {
                out.append(((JsonBridge.JsonText) argument).json());
            } else {
                out.append(JSONObject.quote((String) argument));
            }
        }
        return out.append(']').toString();
    }

    /**
     * The text of a request as {@link #encode} writes it for an EVENT packet whose arguments are
     * {@code event} and a {@link WithAck} of {@code ackId} and {@code payload} (for {@link DirectFrames}).
     */
    static String eventPacket(String nsp, int ackId, String event, JsonBridge.JsonText payload) {
        String name = JSONObject.quote(event);
        StringBuilder out = header(Parser.EVENT, nsp, ackId, name.length() + payload.json().length() + 16);
        return out.append(name).append(',').append(payload.json()).append(']').toString();
    }

    /** {@code <type>[<nsp>,][<ackId>][}, the namespace left out when it is the main one. */
    private static StringBuilder header(int type, String nsp, int ackId, int size) {
        StringBuilder out = new StringBuilder(size + (nsp == null ? 0 : nsp.length()));
        out.append(type);
        if (nsp != null && !nsp.isEmpty() && !"/".equals(nsp)) {
            out.append(nsp).append(',');
        }
        if (ackId >= 0) {
            out.append(ackId);
        }
        return out.append('[');
    }
}
