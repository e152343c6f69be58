package io.integrationsrealtime.examples.springboot;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.IntegrationStatus;
import io.integrationsrealtime.server.spi.EndpointCall;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import io.integrationsrealtime.server.spi.IntegrationRef;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The example's backend, an ordinary bean: one integration with an in-memory "weather API". A real
 * one calls the third party here, passing {@code call.traceHeaders()} on as HTTP headers so that
 * the call joins the client's trace (docs/observability.md).
 */
@Component
public class WeatherBackend implements IntegrationBackend {

    public static final String PROJECT = "6958511e8397f2dfa88090d8";
    public static final String WEATHER = "64b2c3d4e5f6789012345678";

    private final AtomicLong requests = new AtomicLong();

    @Override
    public CompletionStage<Boolean> exists(IntegrationRef integration) {
        return CompletableFuture.completedFuture(PROJECT.equals(integration.projectId())
                && WEATHER.equals(integration.integrationId()));
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(EndpointCall call) {
        requests.incrementAndGet();
        if (!"getForecast".equals(call.endpoint())) {
            return CompletableFuture.failedFuture(new IntegrationFailure(ErrorCode.NOT_FOUND, "no endpoint " + call.endpoint()));
        }
        Object city = call.params().getOrDefault("city", "Lisbon");
        return CompletableFuture.completedFuture(Map.of("city", city, "forecast", "sunny", "celsius", 21));
    }

    @Override
    public CompletionStage<Map<String, Object>> healthCheck(IntegrationRef integration) {
        return CompletableFuture.completedFuture(Map.of("latencyMs", 3));
    }

    @Override
    public CompletionStage<IntegrationStatus> status(IntegrationRef integration) {
        return CompletableFuture.completedFuture(new IntegrationStatus(true, Map.of("requests", requests.get()), null,
                Instant.now()));
    }
}
