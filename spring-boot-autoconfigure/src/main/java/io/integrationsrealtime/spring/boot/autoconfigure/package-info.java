/**
 * Spring Boot auto-configuration of an Integrations Realtime server: the
 * {@code integrations.realtime.*} properties, {@link io.integrationsrealtime.spring.boot.autoconfigure.IntegrationsServerCustomizer}
 * beans for everything else, the lifecycle with a graceful drain, the Actuator health indicator and
 * the Micrometer binding. See docs/spring-boot.md.
 */
package io.integrationsrealtime.spring.boot.autoconfigure;
