package io.integrationsrealtime.server.redis;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Redis failures into what callers can act on ({@code UNAVAILABLE}) and tells the log once
 * per outage, not once per failed command: an outage fails every publish, and thousands of equal
 * warnings would hide everything else. An outage starts with the first failure (a command, or a
 * connection lost) and ends when every connection of the node is up again and a command
 * succeeded: one WARN, then one INFO. A connection that comes back while another is still down,
 * or a command failing on the one still down, neither ends the outage nor starts a new one.
 */
final class Outages {

    private static final Logger log = LoggerFactory.getLogger(RedisBackplane.class);

    /** The node's connections known to be down. */
    private final Set<Object> linksDown = ConcurrentHashMap.newKeySet();
    /** Written under the lock; read without it on the path of every command. */
    private volatile boolean down;
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
        boolean starts;
        synchronized (this) {
            starts = !down;
            down = true;
        }
        if (starts) {
            listener.accept(false);
            log.warn("Redis unavailable ({}: {}); room events, replay and idempotent executes fail with "
                    + "UNAVAILABLE until it is back", what, cause == null ? "connection lost" : cause.toString());
        }
        return new IntegrationFailure(ErrorCode.UNAVAILABLE, "cluster store unavailable; retry");
    }

    /** A connection of the node was lost (Lettuce reconnects it by itself). */
    void linkDown(Object connection) {
        linksDown.add(connection);
        failed("connection", null);
    }

    /** A connection of the node is up again; the outage ends once none is down and a command succeeds. */
    void linkUp(Object connection) {
        linksDown.remove(connection);
    }

    /** A command succeeded. */
    void recovered() {
        if (!down) {
            return;
        }
        boolean ends;
        synchronized (this) {
            ends = down && linksDown.isEmpty();
            if (ends) {
                down = false;
            }
        }
        if (ends) {
            listener.accept(true);
            log.info("Redis reachable again");
        }
    }
}
