package io.integrationsrealtime.server.redis;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Redis failures into what callers can act on ({@code UNAVAILABLE}) and tells the log once
 * per outage, not once per failed command: an outage fails every publish, and thousands of equal
 * warnings would hide everything else.
 */
final class Outages {

    private static final Logger log = LoggerFactory.getLogger(RedisBackplane.class);

    private final AtomicBoolean down = new AtomicBoolean();
    /** Told of each change (false: an outage began), e.g. the server's availability for its health. */
    private volatile Consumer<Boolean> listener = available -> { };

    void onAvailabilityChange(Consumer<Boolean> listener) {
        this.listener = listener;
    }

    /** The stage's outcome; a failure becomes an UNAVAILABLE {@link IntegrationFailure}. */
    <T> CompletableFuture<T> guard(String what, CompletionStage<T> stage) {
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                recovered();
                result.complete(value);
            } else {
                result.completeExceptionally(failed(what, failure));
            }
        });
        return result;
    }

    IntegrationFailure failed(String what, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (down.compareAndSet(false, true)) {
            listener.accept(false);
            log.warn("Redis unavailable ({}: {}); room events, replay and idempotent executes fail with "
                    + "UNAVAILABLE until it is back", what, cause == null ? "connection lost" : cause.toString());
        }
        return new IntegrationFailure(ErrorCode.UNAVAILABLE, "cluster store unavailable; retry");
    }

    void recovered() {
        if (down.get() && down.compareAndSet(true, false)) {
            listener.accept(true);
            log.info("Redis reachable again");
        }
    }

    boolean isDown() {
        return down.get();
    }
}
