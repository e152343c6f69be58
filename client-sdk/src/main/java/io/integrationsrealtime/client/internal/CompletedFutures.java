package io.integrationsrealtime.client.internal;

import java.util.concurrent.CompletableFuture;

/** Already completed futures, without Java 9's {@code CompletableFuture.failedFuture} (not on Android). */
public final class CompletedFutures {

    private CompletedFutures() {
    }

    /**
     * A future that has already failed.
     *
     * @param error the failure
     * @param <T>   the value type the caller expects
     * @return a future completed exceptionally with {@code error} (unwrapped)
     */
    public static <T> CompletableFuture<T> failed(Throwable error) {
        CompletableFuture<T> failed = new CompletableFuture<>();
        failed.completeExceptionally(error);
        return failed;
    }
}
