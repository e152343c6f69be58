package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
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

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the range {@link #format} writes by hand. */
    private static final long FIRST_FAST_SECOND = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long LAST_FAST_SECOND = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

    private Timestamps() {
    }

    /**
     * The current instant at wire precision.
     *
     * @return now, from the system clock, truncated to milliseconds
     */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The wire form. Written by hand for years 0-9999 (the same text as the pattern, which
     * TimestampsTest checks), because the formatter builds a zoned date-time, zone rules and
     * BigDecimals for every call and every event carries a timestamp.
     *
     * @param instant the instant; digits below milliseconds are dropped
     * @return e.g. {@code 2026-03-18T10:00:00.000Z}
     */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FAST_SECOND || seconds > LAST_FAST_SECOND) {
            return WIRE.format(instant);
        }
        LocalDateTime utc = LocalDateTime.ofEpochSecond(seconds, instant.getNano(), ZoneOffset.UTC);
        char[] text = new char[24];
        digits(text, 0, utc.getYear(), 4);
        text[4] = '-';
        digits(text, 5, utc.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, utc.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, utc.getHour(), 2);
        text[13] = ':';
        digits(text, 14, utc.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, utc.getSecond(), 2);
        text[19] = '.';
        digits(text, 20, instant.getNano() / 1_000_000, 3);
        text[23] = 'Z';
        return new String(text);
    }

    private static void digits(char[] into, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Parses any ISO-8601 instant or offset date-time, so timestamps from other writers
     * ({@code 2026-03-18T11:00:00+01:00}, more fraction digits) are accepted.
     *
     * @param text the timestamp
     * @return the instant, truncated to milliseconds
     * @throws java.time.format.DateTimeParseException when the text is neither form
     */
    public static Instant parse(String text) {
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            instant = OffsetDateTime.parse(text).toInstant();
        }
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Writes an {@link Instant} in wire form. Public so that any ObjectMapper can create it from the
     * records' annotations; there is no need to register it.
     */
    public static final class Serializer extends StdScalarSerializer<Instant> {
        /** Called by Jackson. */
        public Serializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format(value));
        }
    }

    /**
     * Reads an {@link Instant} from any ISO-8601 text (see {@link #parse}); other input fails the
     * read with Jackson's mapping exception. Public for the same reason as {@link Serializer}.
     */
    public static final class Deserializer extends StdScalarDeserializer<Instant> {
        /** Called by Jackson. */
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
