package io.integrationsrealtime.server.store;

import com.fasterxml.jackson.databind.util.RawValue;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ProtocolJson;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Remembers the outcome of each execute by its idempotency key (who asked, which integration,
 * the client's requestId), so that a retried request returns the first outcome without running
 * the endpoint again. With the key it keeps the request's fingerprint (a hash of its endpoint,
 * params and requestData): a key reused for a different request is refused with
 * {@link #reused()} instead of answered with another request's outcome.
 *
 * <p>Implement it to keep the records elsewhere (the server-redis module shares them between
 * nodes); the default is {@link InMemoryIdempotencyStore}. The server calls it from its backend
 * executor, netty event loops and whatever thread completes a backend's stage, concurrently
 * (also for one key, when duplicates race): implementations are thread-safe, and
 * {@link #claimAsync}, {@link #complete} and {@link #release} must not block. The server never
 * calls {@link #claim}, which a store over the network may implement by waiting.
 *
 * <p>A store shared by several processes holds a running claim only while the process that made
 * it lives (a lease its process renews), so that a retry after that process died runs within
 * seconds instead of waiting for the claim to expire.
 */
public interface IdempotencyStore {

    /**
     * Claims {@code key} for a request with this {@code fingerprint}. Returns {@code null} when
     * the caller is the first: it runs the request and then calls {@link #complete}. Otherwise
     * returns the first request's outcome, a future that is already complete if that request has
     * finished; the future fails with {@link #reused()} when the first request had another
     * fingerprint.
     *
     * @param key         opaque to the store: the server derives it from the principal's subject,
     *                    the project, the integration and the requestId, so a requestId never
     *                    reaches another principal's outcome
     * @param fingerprint a hash of the request's endpoint, params and requestData
     * @return {@code null} for the first request; else the first outcome's future, which fails
     *         (e.g. with an {@code IntegrationFailure} with {@code UNAVAILABLE}) when the first
     *         request's claim was released or forgotten before it completed
     */
    CompletableFuture<Outcome> claim(String key, long fingerprint);

    /**
     * Like {@link #claim}, for stores that answer over the network: completes with {@code null}
     * when the caller is the first (or took over the claim of a process that died), else with the
     * first request's outcome future. The server calls this one; the default answers
     * {@link #claim} at once.
     *
     * @param key         as for {@link #claim}
     * @param fingerprint as for {@link #claim}
     * @return completes with what {@link #claim} returns; fails (e.g. {@code UNAVAILABLE}) when the
     *         store cannot be reached, and the request is then refused without running
     */
    default CompletionStage<CompletableFuture<Outcome>> claimAsync(String key, long fingerprint) {
        return CompletableFuture.completedFuture(claim(key, fingerprint));
    }

    /**
     * The failure a store answers a claim with when {@code key} belongs to a request with another
     * fingerprint: {@code IDEMPOTENCY_KEY_REUSED}, not retryable.
     *
     * @return a new failure with that code and a message telling the client to use a new requestId
     */
    static IntegrationFailure reused() {
        return new IntegrationFailure(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                "this requestId was already used for a different request (endpoint, params or requestData differ); "
                        + "use a new requestId");
    }

    /**
     * Records the outcome of the request that claimed {@code key}, and hands it to the duplicates
     * waiting for it. Must not throw: a store that cannot keep the outcome forgets the key (a later
     * retry then runs again).
     *
     * @param key     the key this request claimed
     * @param outcome what its caller received
     */
    void complete(String key, Outcome outcome);

    /**
     * Gives up a claim whose request never ran (it could not be announced to its room), so that
     * a retry runs it; requests waiting on it fail and may retry. The default keeps the claim.
     * A key whose request completed keeps its outcome.
     *
     * @param key the key this request claimed
     */
    default void release(String key) {
    }

    /**
     * What the first request's caller received: the event name and its payload.
     *
     * @param event   {@code integration:execution:completed} or {@code integration:execution:failed}
     * @param payload the payload as sent, written with Jackson: a protocol record, a
     *                {@link RawValue} of its JSON text, or a JSON tree (what a store that kept
     *                the text may hand back to a retry)
     */
    record Outcome(String event, Object payload) {

        /**
         * The payload as JSON text. server-core hands outcomes over already written (a
         * {@link RawValue} of the text its ack carried), so a store keeps that text rather than
         * writing the payload again.
         *
         * @return the payload's JSON text
         * @throws RuntimeException when the payload cannot be written as JSON
         */
        public String payloadJson() {
            return payload instanceof RawValue raw && raw.rawValue() instanceof String text
                    ? text
                    : ProtocolJson.write(payload);
        }
    }
}
