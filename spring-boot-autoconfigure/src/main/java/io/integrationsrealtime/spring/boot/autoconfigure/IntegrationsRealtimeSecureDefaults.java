package io.integrationsrealtime.spring.boot.autoconfigure;

import com.corundumstudio.socketio.Configuration;

/**
 * Gives an application's own netty-socketio {@link Configuration} what the protocol needs before
 * it can be attached to the {@code SocketIOServer} made from it: {@code AckMode.MANUAL}, safe JSON
 * and exception handling, random session ids, no version header, frame limits and the origin
 * check of {@code integrations.realtime.*} (see
 * {@code IntegrationsServer.Builder#applySecureDefaults}). A bean of the auto-configuration:
 *
 * <pre>{@code
 * @Bean
 * SocketIOServer socketIoServer(IntegrationsRealtimeSecureDefaults secureDefaults) {
 *     Configuration configuration = new Configuration();
 *     configuration.setPort(9092);
 *     return new SocketIOServer(secureDefaults.applyTo(configuration));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface IntegrationsRealtimeSecureDefaults {

    /**
     * Changes the configuration in place; call it before {@code new SocketIOServer(configuration)},
     * which copies it.
     *
     * @param configuration the application's configuration
     * @return the same configuration
     */
    Configuration applyTo(Configuration configuration);
}
