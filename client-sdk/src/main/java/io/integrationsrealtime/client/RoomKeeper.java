package io.integrationsrealtime.client;

import io.integrationsrealtime.client.internal.ListenerRegistry;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.RoomMembership;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps one room (an integration room or its webhook mirror) for as long as the app wants it:
 * after a reconnect it enters again, retries refusals that may pass with exponential backoff and
 * jitter, and tells {@link MembershipListener}s when the room is lost and when it is back.
 *
 * <p>The app wants the room from its first successful join or subscribe until it leaves (or closes
 * the last webhook subscription), or until a join or subscribe of its own fails. A generation
 * number, raised by every request of the app and every reconnect, makes answers and timers of
 * older attempts count for nothing.
 */
final class RoomKeeper {

    private final String room;
    private final Supplier<CompletableFuture<RoomMembership>> reenter;
    private final ScheduledExecutorService timer;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final ListenerRegistry<MembershipListener> listeners;

    // Guarded by this.
    private boolean wanted;
    private long generation;
    /** A loss was reported and the room is not back yet. */
    private boolean lost;
    private ScheduledFuture<?> retry;

    /**
     * @param reenter   sends the join or subscribe that restores the room (with the last seen seq)
     * @param timer     where retries wait; a shut-down timer (a closed client) ends the retries
     */
    RoomKeeper(String room, Supplier<CompletableFuture<RoomMembership>> reenter, ScheduledExecutorService timer,
               Duration initialBackoff, Duration maxBackoff, ListenerRegistry<MembershipListener> listeners) {
        this.room = room;
        this.reenter = reenter;
        this.timer = timer;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.listeners = listeners;
    }

    /**
     * A join or subscribe of the app: sends it and takes its answer as the app's wish (wanted when
     * it succeeded, not wanted when it failed). A room reported lost that this brings back is
     * reported restored.
     */
    CompletableFuture<RoomMembership> request(Supplier<CompletableFuture<RoomMembership>> send) {
        long call = nextGeneration();
        return Futures.afterEffect(send.get(), (membership, error) -> {
            boolean restored;
            synchronized (this) {
                if (call != generation) {
                    return;
                }
                wanted = error == null;
                restored = wanted && lost;
                lost = false;
            }
            if (restored) {
                listeners.forEach(listener -> listener.onRestored(membership));
            }
        });
    }

    /** {@link #request(Supplier)} with the same join or subscribe as a restore sends. */
    CompletableFuture<RoomMembership> request() {
        return request(reenter);
    }

    /** The app no longer wants the room: nothing is restored or retried any more. */
    synchronized void abandon() {
        nextGenerationLocked();
        wanted = false;
        lost = false;
    }

    /** Whether the app wants the room, a refusal for good was reported and no attempt is under way. */
    synchronized boolean gaveUp() {
        return wanted && lost && retry == null;
    }

    /** After a reconnect: the server forgot the socket's rooms; enter again if the app wants this one. */
    void reconnected() {
        long attempt;
        synchronized (this) {
            if (!wanted) {
                return;
            }
            attempt = nextGenerationLocked();
        }
        attempt(attempt, 0);
    }

    private void attempt(long attempt, int failures) {
        synchronized (this) {
            if (attempt != generation) {
                return;
            }
            retry = null;
        }
        reenter.get().whenComplete((membership, error) -> settle(attempt, failures, membership, Futures.unwrap(error)));
    }

    private void settle(long attempt, int failures, RoomMembership membership, Throwable error) {
        IntegrationException cause = null;
        boolean restored = false;
        boolean report = false;
        boolean retrying = false;
        synchronized (this) {
            if (attempt != generation) {
                return;
            }
            if (error == null) {
                restored = lost;
                lost = false;
            } else {
                cause = error instanceof IntegrationException ? (IntegrationException) error
                        : new IntegrationException(ErrorCode.INTERNAL, String.valueOf(error), null);
                if (cause.code() == ErrorCode.DISCONNECTED) {
                    return;   // the connection dropped again: the next reconnect starts over
                }
                retrying = cause.retryable() && schedule(attempt, failures, cause);
                report = !lost || !retrying;   // the first failure of a loss, or the one that ends the retries
                lost = true;
            }
        }
        if (restored) {
            listeners.forEach(listener -> listener.onRestored(membership));
        } else if (report) {
            IntegrationException reported = cause;
            boolean keepsTrying = retrying;
            listeners.forEach(listener -> listener.onLost(room, reported, keepsTrying));
        }
    }

    /** Schedules the next attempt; false when the timer is shut down (the client was closed). */
    private boolean schedule(long attempt, int failures, IntegrationException cause) {
        long delay = backoffMillis(failures);
        if (cause.code() == ErrorCode.RATE_LIMITED && cause.retryAfter().isPresent()) {
            delay = Math.max(delay, cause.retryAfter().get().toMillis());
        }
        try {
            retry = timer.schedule(() -> attempt(attempt, failures + 1), delay, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    /**
     * The initial backoff doubled per failure up to the maximum, half of it fixed and half random
     * ("equal jitter"): clients refused together do not come back together.
     */
    long backoffMillis(int failures) {
        long ceiling = maxBackoff.toMillis();
        long delay = Math.min(ceiling, initialBackoff.toMillis() << Math.min(failures, 30));
        delay = Math.max(delay, 2);
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    private synchronized long nextGeneration() {
        return nextGenerationLocked();
    }

    private long nextGenerationLocked() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        return ++generation;
    }
}
