package io.integrationsrealtime.spring.boot.autoconfigure;

import io.integrationsrealtime.server.IntegrationsServer;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * {@link IntegrationsRealtimeHealthConfiguration} for Spring Boot 3.5, whose Actuator has the
 * health API in {@code org.springframework.boot.actuate.health} (Spring Boot 4 moved it): the same
 * component {@code integrationsRealtime}, status rule and details.
 */
@AutoConfiguration(after = IntegrationsRealtimeAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(IntegrationsServer.class)
public class IntegrationsRealtimeBoot3HealthConfiguration {

    /** Made by Spring. */
    public IntegrationsRealtimeBoot3HealthConfiguration() {
    }

    /**
     * The health indicator.
     *
     * @param server the server
     * @return the indicator, named {@code integrationsRealtime} in the health endpoint
     */
    @Bean
    public HealthIndicator integrationsRealtimeHealthIndicator(IntegrationsServer server) {
        return () -> Health.status(new Status(IntegrationsRealtimeHealthConfiguration.status(server)))
                .withDetails(IntegrationsRealtimeHealthConfiguration.details(server)).build();
    }
}
