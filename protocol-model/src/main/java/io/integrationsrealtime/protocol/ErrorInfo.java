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
 *
 * <pre>{@code
 * { "code": "RATE_LIMITED", "message": "too many requests on this connection", "retryable": true,
 *   "retryAfter": 1.5 }
 * }</pre>
 *
 * @param code       what kind of failure; never {@code null}
 * @param message    human-readable, meant for the caller: the server never puts a stack trace or
 *                   an unexpected exception's text in it; never {@code null}
 * @param retryable  whether sending the same request again may succeed
 * @param retryAfter how long to wait before retrying, on {@code RATE_LIMITED}; {@code null}
 *                   otherwise. On the wire: seconds, with millisecond precision
 * @param details    free-form JSON object for the caller only (others in a room never see it), as
 *                   a deep unmodifiable copy; {@code null} when there are none
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

    /**
     * Creates an error; nothing is refused, missing parts get defaults.
     *
     * @param code       {@code null} becomes {@link ErrorCode#UNKNOWN}
     * @param message    {@code null} becomes the code's name
     * @param retryable  whether sending the same request again may succeed
     * @param retryAfter when to retry, or {@code null}
     * @param details    copied deeply; {@code null} or empty becomes {@code null}
     */
    public ErrorInfo {
        code = code == null ? ErrorCode.UNKNOWN : code;
        message = message == null ? code.name() : message;
        details = details == null || details.isEmpty() ? null : JsonObjects.copyOf(details);
    }

    /**
     * An error with the code's {@linkplain ErrorCode#retryableByDefault() default retryability},
     * no {@code retryAfter} and no details.
     *
     * @param code    what kind of failure
     * @param message human-readable, safe to show to the caller
     * @return the error
     */
    public static ErrorInfo of(ErrorCode code, String message) {
        return new ErrorInfo(code, message, code.retryableByDefault(), null, null);
    }

    /**
     * The error as the others in a room see it.
     *
     * @return this error without {@code details}; {@code this} when it has none
     */
    public ErrorInfo withoutDetails() {
        return details == null ? this : new ErrorInfo(code, message, retryable, retryAfter, null);
    }

    /**
     * Writes a duration as a number of seconds with millisecond precision ({@code 2} or
     * {@code 1.5}). Public so that any ObjectMapper can create it from the annotation on
     * {@link ErrorInfo#retryAfter()}; there is no need to register it.
     */
    public static final class SecondsSerializer extends StdScalarSerializer<Duration> {
        /** Called by Jackson. */
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

    /**
     * Reads a (possibly fractional) number of seconds, rounded to milliseconds; a negative or
     * non-numeric value reads as {@code null}. Public for the same reason as
     * {@link SecondsSerializer}.
     */
    public static final class SecondsDeserializer extends StdScalarDeserializer<Duration> {
        /** Called by Jackson. */
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
