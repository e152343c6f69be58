package io.integrationsrealtime.server.store;

import java.util.concurrent.CompletableFuture;

/**
 * Remembers the outcome of each execute by its idempotency key (who asked, which integration,
 * the client's requestId), so that a retried request returns the first outcome without running
 * the endpoint again.
 */
public interface IdempotencyStore {

    /**
     * Claims {@code key}. Returns {@code null} when the caller is the first: it runs the request
     * and then calls {@link #complete}. Otherwise returns the first request's outcome, a future
     * that is already complete if that request has finished.
     */
    CompletableFuture<Outcome> claim(String key);

    /** Records the outcome of the request that claimed {@code key}. */
    void complete(String key, Outcome outcome);

    /** What the first request's caller received: the event name and its payload. */
    record Outcome(String event, Object payload) {
    }
}
