package io.integrationsrealtime.spring.boot.autoconfigure;

import com.corundumstudio.socketio.SocketIOServer;
import io.integrationsrealtime.micrometer.MicrometerServerObserver;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.Limits;
import io.integrationsrealtime.server.observe.ServerObserver;
import io.integrationsrealtime.server.redis.RedisBackplane;
import io.integrationsrealtime.server.spi.Authenticator;
import io.integrationsrealtime.server.spi.Authorizer;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * Auto-configures an Integrations Realtime server around the application's
 * {@link IntegrationBackend} bean: standalone on {@code integrations.realtime.port}, or attached to
 * the application's own netty-socketio {@link SocketIOServer} bean when it has one; its
 * {@link Authenticator} and {@link Authorizer} beans; a Redis backplane when
 * {@code integrations.realtime.redis.url} is set; started and drained with the application
 * context; metrics and Observations when Micrometer is there; an Actuator health indicator.
 * docs/spring-boot.md describes it.
 */
@AutoConfiguration
@ConditionalOnClass(IntegrationsServer.class)
@ConditionalOnBean(IntegrationBackend.class)
@ConditionalOnProperty(prefix = "integrations.realtime", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(IntegrationsRealtimeProperties.class)
public class IntegrationsRealtimeAutoConfiguration {

    private static final String SERVER_REDIS = "io.integrationsrealtime.server.redis.RedisBackplane";

    /** Made by Spring. */
    public IntegrationsRealtimeAutoConfiguration() {
    }

    /**
     * The server, built from the properties, the application's beans and every
     * {@link IntegrationsServerCustomizer}; not yet listening (the lifecycle starts it). Attached
     * to the application's {@link SocketIOServer} bean when there is one.
     *
     * @param properties    the {@code integrations.realtime.*} properties
     * @param backend       the application's backend
     * @param authenticator the application's token check, if any
     * @param authorizer    the application's access check, if any
     * @param observers     observers to add (the Micrometer one among them)
     * @param customizers   further adjustments
     * @param hostServer    the application's own netty-socketio server, if any
     * @return the server
     * @throws IllegalStateException when authentication is not configured, or a Redis URL is set
     *                               without integrations-realtime-server-redis on the class path
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public IntegrationsServer integrationsServer(IntegrationsRealtimeProperties properties, IntegrationBackend backend,
                                                 ObjectProvider<Authenticator> authenticator,
                                                 ObjectProvider<Authorizer> authorizer,
                                                 ObjectProvider<ServerObserver> observers,
                                                 ObjectProvider<IntegrationsServerCustomizer> customizers,
                                                 ObjectProvider<SocketIOServer> hostServer) {
        if (properties.redis().url() != null && !ClassUtils.isPresent(SERVER_REDIS, getClass().getClassLoader())) {
            throw new IllegalStateException("integrations.realtime.redis.url is set, but "
                    + "io.integrationsrealtime:integrations-realtime-server-redis is not on the class path");
        }
        IntegrationsServer.Builder builder = fromProperties(properties, backend);
        authenticator.ifAvailable(builder::authenticator);
        authorizer.ifAvailable(builder::authorizer);
        if (properties.allowAnonymous()) {
            builder.allowAnonymous();
        } else if (authenticator.getIfAvailable() == null || authorizer.getIfAvailable() == null) {
            throw new IllegalStateException("define an Authenticator and an Authorizer bean, "
                    + "or set integrations.realtime.allow-anonymous=true (demos and tests on loopback only)");
        }
        observers.orderedStream().filter(observer -> observer != ServerObserver.NONE).forEach(builder::observer);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        SocketIOServer host = hostServer.getIfAvailable();
        if (host == null) {
            return builder.build();
        }
        try {
            return builder.attachTo(host);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the application's SocketIOServer bean cannot be attached to: make its "
                    + "Configuration with the IntegrationsRealtimeSecureDefaults bean (docs/spring-boot.md, attached mode). "
                    + e.getMessage(), e);
        }
    }

    /**
     * What an application's own {@link SocketIOServer} bean needs before the protocol can be
     * attached to it: the settings of a standalone server, from the same properties.
     *
     * @param properties the {@code integrations.realtime.*} properties
     * @param backend    the application's backend
     * @return the secure defaults
     */
    @Bean
    @ConditionalOnMissingBean
    public IntegrationsRealtimeSecureDefaults integrationsRealtimeSecureDefaults(IntegrationsRealtimeProperties properties,
                                                                                 IntegrationBackend backend) {
        IntegrationsServer.Builder builder = fromProperties(properties, backend);
        return builder::applySecureDefaults;
    }

    private static IntegrationsServer.Builder fromProperties(IntegrationsRealtimeProperties properties, IntegrationBackend backend) {
        IntegrationsRealtimeProperties.Limits limits = properties.limits();
        return IntegrationsServer.builder(backend)
                .limits(new Limits(limits.maxPayloadBytes(), limits.maxRooms(), limits.maxInFlight(),
                        limits.requestsPerSecond(), limits.burst(), properties.authTimeout()))
                .backendDeadline(properties.backendDeadline())
                .namespace(properties.namespace())
                .port(properties.port())
                .hostname(properties.host())
                .allowedOrigins(properties.allowedOrigins().toArray(String[]::new));
    }

    /**
     * Starts the standalone server with the application context, and at shutdown drains it within
     * Spring's graceful-shutdown phase: new requests get {@code UNAVAILABLE} while running ones
     * finish, for up to {@code integrations.realtime.drain-timeout}.
     *
     * @param server     the server
     * @param properties the properties
     * @return the lifecycle
     */
    @Bean
    public SmartLifecycle integrationsServerLifecycle(IntegrationsServer server, IntegrationsRealtimeProperties properties) {
        return new IntegrationsServerLifecycle(server, properties.drainTimeout());
    }

    /** The Redis backplane, when {@code integrations.realtime.redis.url} is set. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = SERVER_REDIS)
    @ConditionalOnProperty(prefix = "integrations.realtime.redis", name = "url")
    public static class RedisBackplaneConfiguration {

        /** Made by Spring. */
        public RedisBackplaneConfiguration() {
        }

        /**
         * The backplane, on the application's Lettuce {@link ClientResources} (or those of its
         * {@link RedisClient} bean) when it has them; closed with the context, after the server.
         *
         * @param properties  the properties
         * @param resources   the application's Lettuce resources, if any
         * @param redisClient the application's Lettuce client, if any
         * @return the connected backplane
         */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        public RedisBackplane integrationsRedisBackplane(IntegrationsRealtimeProperties properties,
                                                        ObjectProvider<ClientResources> resources,
                                                        ObjectProvider<RedisClient> redisClient) {
            IntegrationsRealtimeProperties.Redis redis = properties.redis();
            RedisBackplane.Builder builder = RedisBackplane.builder(redis.url()).keyPrefix(redis.keyPrefix())
                    .commandTimeout(redis.commandTimeout());
            ClientResources shared = resources.getIfAvailable();
            if (shared == null) {
                RedisClient client = redisClient.getIfAvailable();
                shared = client == null ? null : client.getResources();
            }
            if (shared != null) {
                builder.clientResources(shared);
            }
            return builder.connect();
        }

        /**
         * Gives the backplane's event bus and idempotency store to the server.
         *
         * @param backplane the backplane
         * @return the customizer
         */
        @Bean
        public IntegrationsServerCustomizer integrationsRedisBackplaneCustomizer(RedisBackplane backplane) {
            return builder -> builder.roomEventBus(backplane.eventBus()).idempotencyStore(backplane.idempotencyStore());
        }
    }

    /** Micrometer meters and Observations, when the application has a {@link MeterRegistry}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, MicrometerServerObserver.class})
    public static class MicrometerConfiguration {

        /** Made by Spring. */
        public MicrometerConfiguration() {
        }

        /**
         * The server's Micrometer observer, on the application's meter registry and (when there is
         * one) its observation registry, whose tracing handlers make spans and whose meter handler
         * times runs; {@link ServerObserver#NONE} without a meter registry.
         *
         * @param meters       the application's meter registry, if any
         * @param observations the application's observation registry, if any
         * @param properties   the properties
         * @return the observer
         */
        @Bean
        public ServerObserver integrationsMicrometerObserver(ObjectProvider<MeterRegistry> meters,
                                                             ObjectProvider<ObservationRegistry> observations,
                                                             IntegrationsRealtimeProperties properties) {
            MeterRegistry registry = meters.getIfAvailable();
            if (registry == null) {
                return ServerObserver.NONE;
            }
            MicrometerServerObserver.Builder builder = MicrometerServerObserver.builder(registry)
                    .endpointTag(properties.metrics().endpointTag())
                    .backendSpans(properties.metrics().backendSpans());
            observations.ifAvailable(builder::observationRegistry);
            return builder.build();
        }
    }
}
