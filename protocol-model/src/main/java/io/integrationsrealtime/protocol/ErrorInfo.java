package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * What went wrong: a stable {@code code}, a human {@code message}, whether sending the same
 * request again may succeed, {@code retryAfter} in seconds (rate limits), and free-form
 * {@code details} (e.g. an upstream status and body) that only the caller receives.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorInfo(
        @JsonProperty("code") ErrorCode code,
        @JsonProperty("message") String message,
        @JsonProperty("retryable") boolean retryable,
        @JsonProperty("retryAfter")
        @JsonSerialize(using = SecondsSerializer.class)
        @JsonDeserialize(using = SecondsDeserializer.class)
        Duration retryAfter,
        @JsonProperty("details") Map<String, Object> details) {

    public ErrorInfo {
        code = code == null ? ErrorCode.UNKNOWN : code;
        message = message == null ? code.name() : message;
        details = details == null || details.isEmpty() ? null : JsonObjects.copyOf(details);
    }

    public static ErrorInfo of(ErrorCode code, String message) {
        return new ErrorInfo(code, message, code.retryableByDefault(), null, null);
    }

    public ErrorInfo withoutDetails() {
        return details == null ? this : new ErrorInfo(code, message, retryable, retryAfter, null);
    }

    /** Writes a duration as a number of seconds with millisecond precision. */
    public static final class SecondsSerializer extends StdScalarSerializer<Duration> {
        public SecondsSerializer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            long millis = value.toMillis();
            if (millis % 1000 == 0) {
                gen.writeNumber(millis / 1000);
            } else {
                gen.writeNumber(millis / 1000.0);
            }
        }
    }

    /** Reads a (possibly fractional) number of seconds. */
    public static final class SecondsDeserializer extends StdScalarDeserializer<Duration> {
        public SecondsDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            double seconds = p.getValueAsDouble(-1);
            if (seconds < 0 || Double.isNaN(seconds)) {
                return null;
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        }
    }
}
