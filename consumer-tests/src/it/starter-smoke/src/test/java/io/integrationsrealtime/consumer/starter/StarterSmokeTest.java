package io.integrationsrealtime.consumer.starter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.protocol.IntegrationStatus;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.spi.EndpointCall;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.integrationsrealtime.server.spi.IntegrationRef;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * A user's Spring Boot application that adds only the starter (besides Actuator and the Prometheus
 * registry it already had) and defines a backend bean: the protocol is served, the meters are on
 * /actuator/prometheus and the health on /actuator/health.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "integrations.realtime.port=0", "integrations.realtime.host=127.0.0.1", "integrations.realtime.allow-anonymous=true",
        "management.endpoints.web.exposure.include=health,prometheus", "management.endpoint.health.show-details=always",
        // Spring Boot 3.5's @SpringBootTest turns metrics export off unless asked (an application is not affected).
        "management.prometheus.metrics.export.enabled=true"})
class StarterSmokeTest {

    static final String PROJECT = "6958511e8397f2dfa88090d8";
    static final String INTEGRATION = "64b2c3d4e5f6789012345678";

    @SpringBootApplication
    static class App {
        @Bean
        IntegrationBackend backend() {
            return new IntegrationBackend() {
                @Override
                public CompletionStage<Boolean> exists(IntegrationRef integration) {
                    return CompletableFuture.completedFuture(PROJECT.equals(integration.projectId()));
                }

                @Override
                public CompletionStage<Map<String, Object>> execute(EndpointCall call) {
                    return CompletableFuture.completedFuture(Map.of("echo", call.params()));
                }

                @Override
                public CompletionStage<Map<String, Object>> healthCheck(IntegrationRef integration) {
                    return CompletableFuture.completedFuture(Map.of());
                }

                @Override
                public CompletionStage<IntegrationStatus> status(IntegrationRef integration) {
                    return CompletableFuture.completedFuture(new IntegrationStatus(true, Map.of(), null, null));
                }
            };
        }
    }

    @LocalServerPort
    int webPort;

    @Autowired
    IntegrationsServer server;

    @Test
    void onlyTheStarter_servesMeasuresAndReportsHealth() throws Exception {
        System.out.println("RESOLVED spring-boot=" + SpringBootVersion.getVersion() + " micrometer="
                + io.micrometer.core.instrument.MeterRegistry.class.getPackage().getImplementationVersion()
                + " netty=" + io.netty.util.Version.identify().get("netty-common").artifactVersion());
        try (IntegrationsClient client = IntegrationsClient.builder().serverUrl("http://127.0.0.1:" + server.port()).build()) {
            client.connect().get(10, TimeUnit.SECONDS);
            var done = client.integration(PROJECT, INTEGRATION).execute("echo", Map.of("n", 1), null).get(10, TimeUnit.SECONDS);
            assertEquals(Map.of("echo", Map.of("n", 1)), done.result().data());
        }
        String health = get("/actuator/health");
        assertEquals("UP", new com.fasterxml.jackson.databind.ObjectMapper().readTree(health)
                .path("components").path("integrationsRealtime").path("status").asText(), health);
        // The server records the request right after its reply: poll until the timer has it.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
            String metrics = get("/actuator/prometheus");
            assertTrue(metrics.contains("integrations_realtime_server_requests_seconds_count{event=\"integration:execute\",outcome=\"OK\"} 1"),
                    metrics);
        });
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
