package io.integrationsrealtime.server.internal.engine;

import java.nio.charset.StandardCharsets;

/**
 * The Engine.IO v4 error codes a server answers a bad HTTP request with (HTTP 400, or 403 for
 * {@link #FORBIDDEN}), with their JSON bodies written once.
 */
enum EngineError {
    UNKNOWN_TRANSPORT(0, "Transport unknown"),
    UNKNOWN_SID(1, "Session ID unknown"),
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),
    BAD_REQUEST(3, "Bad request"),
    FORBIDDEN(4, "Forbidden"),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version");

    final int code;
    final String message;
    /** {@code {"code":N,"message":"..."}}, as the reference server writes it. */
    final byte[] json;

    EngineError(int code, String message) {
        this.code = code;
        this.message = message;
        this.json = ("{\"code\":" + code + ",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.US_ASCII);
    }
}
