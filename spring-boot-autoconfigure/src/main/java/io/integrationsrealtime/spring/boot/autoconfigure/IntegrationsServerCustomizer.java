package io.integrationsrealtime.spring.boot.autoconfigure;

import io.integrationsrealtime.server.IntegrationsServer;

/**
 * A bean that adjusts the auto-configured server before it is built, for what properties do not
 * cover: a backend executor, an idempotency store, a netty-socketio setting, an observer. Every
 * such bean is applied, in {@code @Order}, after the properties.
 */
@FunctionalInterface
public interface IntegrationsServerCustomizer {

    /**
     * Adjusts the builder.
     *
     * @param builder the server's builder, with the properties already applied
     */
    void customize(IntegrationsServer.Builder builder);
}
