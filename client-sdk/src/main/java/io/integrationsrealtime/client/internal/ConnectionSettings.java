package io.integrationsrealtime.client.internal;

import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * What {@link SocketConnection} needs from the builder.
 *
 * @param serverUri     server address; its path is the Socket.IO namespace
 * @param token         asked before every connect attempt; may be null (no auth payload)
 * @param connectTimeout how long one connect attempt may take
 * @param reconnection  whether to reconnect by itself after the connection dropped
 * @param okHttpClient  a shared client, or null to make (and later shut down) a private one
 * @param allowPolling  false: websocket only; true: socket.io's default (long-polling, then upgrade)
 */
public record ConnectionSettings(
        URI serverUri,
        Supplier<String> token,
        Duration connectTimeout,
        boolean reconnection,
        OkHttpClient okHttpClient,
        boolean allowPolling) {
}
