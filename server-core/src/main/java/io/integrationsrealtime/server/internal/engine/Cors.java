package io.integrationsrealtime.server.internal.engine;

import com.corundumstudio.socketio.Configuration;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The CORS headers of HTTP answers, as netty-socketio's {@code Configuration} defines them
 * ({@code enableCors}, {@code origin}, {@code allowHeaders}). Which origins may connect at all is
 * decided at the handshake by the authorization listener, not here.
 */
final class Cors {

    private Cors() {
    }

    static void addHeaders(HttpHeaders headers, Configuration configuration, String requestOrigin) {
        if (!configuration.isEnableCors()) {
            return;
        }
        String allowed = configuration.getOrigin() != null ? configuration.getOrigin() : requestOrigin;
        if (allowed != null) {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        } else {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        }
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                configuration.getAllowHeaders() != null ? configuration.getAllowHeaders() : "content-type");
    }
}
