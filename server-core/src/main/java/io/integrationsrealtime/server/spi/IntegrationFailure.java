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

    private final ErrorInfo error;

    public IntegrationFailure(ErrorCode code, String message) {
        this(ErrorInfo.of(code, message));
    }

    public IntegrationFailure(ErrorCode code, String message, Map<String, ?> details) {
        this(new ErrorInfo(code, message, code.retryableByDefault(), null, details == null ? null : Map.copyOf(details)));
    }

    public IntegrationFailure(ErrorInfo error) {
        super(error.code() + ": " + error.message(), null, false, false);
        this.error = error;
    }

    /** A third-party rate limit: RATE_LIMITED with the time after which a retry may succeed. */
    public static IntegrationFailure rateLimited(String message, Duration retryAfter) {
        return new IntegrationFailure(new ErrorInfo(ErrorCode.RATE_LIMITED, message, true, retryAfter, null));
    }

    public ErrorInfo error() {
        return error;
    }
}
