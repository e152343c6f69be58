package io.integrationsrealtime.examples.springboot;

import io.integrationsrealtime.server.spi.Authenticator;
import io.integrationsrealtime.server.spi.Authorizer;
import io.integrationsrealtime.server.spi.Principal;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application that serves the integrations protocol: the starter builds the server
 * around the {@link WeatherBackend} bean and the two auth beans below, starts it with the
 * application and drains it at shutdown; Actuator shows its health and Prometheus its meters.
 * Run: {@code ./mvnw -pl examples/spring-boot -am spring-boot:run -DskipTests}.
 */
@SpringBootApplication
public class ExampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }

    /** One shared token for the example (a real application verifies its own JWTs here). */
    @Bean
    Authenticator authenticator(@Value("${example.token}") String token) {
        return credentials -> CompletableFuture.completedFuture(
                token.equals(credentials.token()) ? Principal.of("example-user") : null);
    }

    /** Every authenticated user may use every integration of the example's project. */
    @Bean
    Authorizer authorizer() {
        return (principal, integration) -> CompletableFuture.completedFuture(
                WeatherBackend.PROJECT.equals(integration.projectId()));
    }
}
