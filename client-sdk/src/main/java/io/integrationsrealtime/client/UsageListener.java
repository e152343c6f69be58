package io.integrationsrealtime.client;

import io.integrationsrealtime.protocol.UsageUpdated;

/**
 * Receives usage pushes of an integration. The server sends them to the integration's room, so
 * they arrive only while the handle has {@linkplain Integration#join() joined}.
 */
@FunctionalInterface
public interface UsageListener {

    /**
     * Called on the client's callback executor, in arrival order, once per push (replayed pushes
     * after a reconnect included, duplicates dropped).
     *
     * @param usage the integration's counters as the host published them
     */
    void onUsage(UsageUpdated usage);
}
