package io.integrationsrealtime.server.spi;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ErrorInfo;
import java.time.Duration;
import java.util.Map;

/**
 * Thrown by, or completing a stage of, an {@link IntegrationBackend} to report a failure the
 * caller should see: its code, message and details go to the client as they are, so put nothing
 * secret in them. Any other exception reaches clients only as {@code INTERNAL}.
 */
public class IntegrationFailure extends RuntimeException {

    /** What the client receives; {@link ErrorInfo} is not serializable, so in practice neither is this exception. */
    private final ErrorInfo error;

    /**
     * A failure with the code's default retryability and no details.
     *
     * @param code    e.g. {@code UPSTREAM_ERROR}, {@code INTEGRATION_INACTIVE}, {@code NOT_FOUND}
     * @param message what the client sees; nothing secret
     */
    public IntegrationFailure(ErrorCode code, String message) {
        this(ErrorInfo.of(code, message));
    }

    /**
     * A failure with details for the caller, e.g. the upstream status and body.
     *
     * @param code    the error code
     * @param message what the client sees; nothing secret
     * @param details a JSON object sent to the caller only (others in the room never see it);
     *                copied deeply; no null keys or values at its top level; {@code null} for none
     * @throws NullPointerException if {@code details} has a null key or value at its top level
     */
    public IntegrationFailure(ErrorCode code, String message, Map<String, ?> details) {
        this(new ErrorInfo(code, message, code.retryableByDefault(), null, details == null ? null : Map.copyOf(details)));
    }

    /**
     * A failure with a complete error object, e.g. to set {@code retryable} against the code's
     * default. Cheap to create: it records no stack trace.
     *
     * @param error sent as it is (details to the caller only)
     */
    public IntegrationFailure(ErrorInfo error) {
        super(error.code() + ": " + error.message(), null, false, false);
        this.error = error;
    }

    /**
     * A third-party rate limit: RATE_LIMITED with the time after which a retry may succeed.
     *
     * @param message    what the client sees
     * @param retryAfter how long to wait, sent in seconds with millisecond precision; may be
     *                   {@code null} when unknown
     * @return the failure to throw or complete the stage with
     */
    public static IntegrationFailure rateLimited(String message, Duration retryAfter) {
        return new IntegrationFailure(new ErrorInfo(ErrorCode.RATE_LIMITED, message, true, retryAfter, null));
    }

    /**
     * What the client receives.
     *
     * @return the error object, details included
     */
    public ErrorInfo error() {
        return error;
    }
}
