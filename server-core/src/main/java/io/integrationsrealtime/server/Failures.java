package io.integrationsrealtime.server;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ErrorInfo;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns whatever a backend threw into what a client may see. */
final class Failures {

    private static final Logger log = LoggerFactory.getLogger(Failures.class);

    static final ErrorInfo INTERNAL = ErrorInfo.of(ErrorCode.INTERNAL, "internal server error");
    static final ErrorInfo NOT_FOUND = ErrorInfo.of(ErrorCode.NOT_FOUND, "integration not found");

    private Failures() {
    }

    /**
     * An {@link IntegrationFailure} is passed on as the host wrote it. Anything else is a defect or
     * an unexpected failure of the host: clients get {@code INTERNAL}; the log gets the exception
     * type at WARN and, because host messages may hold secrets, the stack trace only at DEBUG.
     */
    static ErrorInfo toError(Throwable failure, String what) {
        Throwable cause = unwrap(failure);
        if (cause instanceof IntegrationFailure known) {
            return known.error();
        }
        log.warn("{} failed with {}", what, cause.getClass().getName());
        log.debug("{} failed", what, cause);
        return INTERNAL;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
