package io.integrationsrealtime.spring.boot.autoconfigure;

import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.observe.ServerState;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The server's health for Spring Boot Actuator ({@code /actuator/health}, component
 * {@code integrationsRealtime}): UP while serving with its backplane reachable; DOWN when the
 * backplane (Redis) is unreachable or the server stopped; OUT_OF_SERVICE while starting or
 * draining. Details: {@code state}, {@code backplane}, {@code connections}.
 */
@AutoConfiguration(after = IntegrationsRealtimeAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(IntegrationsServer.class)
public class IntegrationsRealtimeHealthConfiguration {

    /** Made by Spring. */
    public IntegrationsRealtimeHealthConfiguration() {
    }

    /**
     * The health indicator.
     *
     * @param server the server
     * @return the indicator, named {@code integrationsRealtime} in the health endpoint
     */
    @Bean
    public HealthIndicator integrationsRealtimeHealthIndicator(IntegrationsServer server) {
        return () -> {
            Health.Builder health = switch (status(server)) {
                case "UP" -> Health.up();
                case "DOWN" -> Health.down();
                default -> Health.outOfService();
            };
            return health.withDetails(details(server)).build();
        };
    }

    /** UP, DOWN or OUT_OF_SERVICE: the same rule for Spring Boot 4 and 3.5. */
    static String status(IntegrationsServer server) {
        ServerState state = server.state();
        if (!server.backplaneAvailable() || state == ServerState.STOPPED) {
            return "DOWN";
        }
        return state == ServerState.SERVING ? "UP" : "OUT_OF_SERVICE";
    }

    static java.util.Map<String, Object> details(IntegrationsServer server) {
        return java.util.Map.of("state", server.state().name(),
                "backplane", server.backplaneAvailable() ? "available" : "unavailable");
    }
}
