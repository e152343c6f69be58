package io.integrationsrealtime.client;

/**
 * A registration (listener, webhook subscription) that ends when closed. {@link #close()} is
 * idempotent, never throws a checked exception and may be called from inside a callback.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    /** Ends the registration; later calls do nothing. */
    @Override
    void close();
}
