package io.integrationsrealtime.benchmarks.loadgen;

import io.integrationsrealtime.client.Integration;
import io.integrationsrealtime.client.IntegrationsClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import okhttp3.OkHttpClient;

/**
 * A connection through client-sdk: {@code Integration.execute} with the SDK's defaults (its own
 * request ids, the default callback thread). The next request is sent from the completion
 * callback, which runs on that callback thread, as an application would.
 */
final class SdkDriver implements LoadDriver {

    private static final Map<String, Object> PARAMS = Map.of("userId", "123");

    private final IntegrationsClient client;
    private final Integration integration;

    /** direct: callbacks run on socket.io's event thread ({@code callbackExecutor(Runnable::run)}), not the SDK's own thread. */
    SdkDriver(String url, OkHttpClient http, boolean direct) {
        IntegrationsClient.Builder builder = IntegrationsClient.builder()
                .serverUrl(url)
                .token("bench")
                .reconnection(false)
                .okHttpClient(http);
        if (direct) {
            builder.callbackExecutor(Runnable::run);
        }
        this.client = builder.build();
        this.integration = client.integration(PROJECT_ID, INTEGRATION_ID);
    }

    @Override
    public CompletableFuture<Void> connect() {
        return client.connect();
    }

    @Override
    public void start(int inflight, LoadWindow window) {
        for (int i = 0; i < inflight; i++) {
            send(window);
        }
    }

    private void send(LoadWindow window) {
        if (window.stopped()) {
            return;
        }
        long sentAt = System.nanoTime();
        window.sent();
        integration.execute(ENDPOINT, PARAMS, Map.of()).whenComplete((done, error) -> {
            window.answered(sentAt, error != null);
            send(window);
        });
    }

    @Override
    public void close() {
        client.close();
    }
}
