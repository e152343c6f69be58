package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Wire timestamps: ISO-8601 in UTC with exactly three fraction digits, e.g.
 * {@code 2026-03-18T10:00:00.000Z}. The records carry their (de)serializers as annotations so
 * that any ObjectMapper, including netty-socketio's own, writes the same text.
 */
public final class Timestamps {

    private static final DateTimeFormatter WIRE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** The current instant at wire precision (milliseconds). */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public static String format(Instant instant) {
        return WIRE.format(instant);
    }

    /** Parses any ISO-8601 instant or offset date-time; the result is truncated to milliseconds. */
    public static Instant parse(String text) {
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            instant = OffsetDateTime.parse(text).toInstant();
        }
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Writes an {@link Instant} in wire form. */
    public static final class Serializer extends StdScalarSerializer<Instant> {
        public Serializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format(value));
        }
    }

    /** Reads an {@link Instant} from any ISO-8601 text. */
    public static final class Deserializer extends StdScalarDeserializer<Instant> {
        public Deserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            if (text == null) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            try {
                return parse(text.trim());
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 timestamp");
            }
        }
    }
}
