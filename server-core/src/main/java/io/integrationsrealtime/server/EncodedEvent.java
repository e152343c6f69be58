package io.integrationsrealtime.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.util.RawValue;
import io.integrationsrealtime.protocol.ProtocolJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A room event's payload written as JSON once, for every socket it goes to. netty-socketio writes
 * an event's arguments once per recipient; handed this instead, {@link SafeJsonSupport} copies
 * the finished bytes of the whole {@code ["event",payload]} array, and any other Jackson-based
 * {@code JsonSupport} (a host's own, when server-core is attached to it) still writes it correctly,
 * as the {@link RawValue} it is.
 */
final class EncodedEvent extends RawValue {

    private final String event;
    /** {@code ["event",payload]} as UTF-8: exactly what a socket.io EVENT packet carries after its header. */
    private final byte[] frame;

    private EncodedEvent(String event, String payloadJson, byte[] frame) {
        super(payloadJson);
        this.event = event;
        this.frame = frame;
    }

    /**
     * Writes {@code payload} once.
     *
     * @throws RuntimeException when the payload cannot be written as JSON
     */
    static EncodedEvent of(String event, Object payload) {
        String payloadJson = ProtocolJson.write(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payloadJson.length() + event.length() + 8);
        try (JsonGenerator json = ProtocolJson.mapper().getFactory().createGenerator(out)) {
            json.writeStartArray();
            json.writeString(event);
            json.writeRawValue(payloadJson);
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EncodedEvent(event, payloadJson, out.toByteArray());
    }

    /** The whole packet body when {@code values} is the argument list netty-socketio made for this event, else null. */
    static byte[] frameOf(Object values) {
        if (values instanceof List<?> list && list.size() == 2
                && list.get(1) instanceof EncodedEvent encoded && encoded.event.equals(list.get(0))) {
            return encoded.frame;
        }
        return null;
    }
}
