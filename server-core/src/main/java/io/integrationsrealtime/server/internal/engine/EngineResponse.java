package io.integrationsrealtime.server.internal.engine;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP answer of the engine that carries no queued packets: written by {@link EngineEncoder}
 * with the configured CORS headers and {@code Connection: close}.
 */
final class EngineResponse {

    /** Answers a POST: its packets were taken. */
    static final EngineResponse OK = text("ok", "text/html");
    /** Releases a pending poll: the client closed the session, or its transport was upgraded. */
    static final EngineResponse NOOP = text("6", "text/plain; charset=UTF-8");
    /** Ends a pending poll: the server closed the session. */
    static final EngineResponse CLOSE = text("1", "text/plain; charset=UTF-8");
    /** A CORS preflight. */
    static final EngineResponse PREFLIGHT = new EngineResponse(HttpResponseStatus.OK, "text/plain", new byte[0]);

    final HttpResponseStatus status;
    final String contentType;
    final byte[] body;

    private EngineResponse(HttpResponseStatus status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    private static EngineResponse text(String body, String contentType) {
        return new EngineResponse(HttpResponseStatus.OK, contentType, body.getBytes(StandardCharsets.US_ASCII));
    }

    /** The Engine.IO error answer: HTTP 400 (403 for FORBIDDEN) with {@code {"code","message"}}. */
    static EngineResponse of(EngineError error) {
        return ERRORS[error.ordinal()];
    }

    private static final EngineResponse[] ERRORS = new EngineResponse[EngineError.values().length];

    static {
        for (EngineError error : EngineError.values()) {
            ERRORS[error.ordinal()] = new EngineResponse(error == EngineError.FORBIDDEN
                    ? HttpResponseStatus.FORBIDDEN : HttpResponseStatus.BAD_REQUEST, "application/json", error.json);
        }
    }
}
