package io.integrationsrealtime.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/** Small future helpers that keep the caller's exception unwrapped. */
final class Futures {

    private Futures() {
    }

    /**
     * A future that completes like {@code source} after {@code effect} ran, with the exception
     * itself (not wrapped in a CompletionException as dependent stages would). Cancelling the
     * result cancels the source, so an abandoned request is forgotten.
     */
    static <T> CompletableFuture<T> afterEffect(CompletableFuture<T> source, BiConsumer<? super T, ? super Throwable> effect) {
        CompletableFuture<T> result = new CompletableFuture<>();
        source.whenComplete((value, error) -> {
            Throwable cause = unwrap(error);
            effect.accept(value, cause);
            if (cause == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(cause);
            }
        });
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                source.cancel(false);
            }
        });
        return result;
    }

    static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
