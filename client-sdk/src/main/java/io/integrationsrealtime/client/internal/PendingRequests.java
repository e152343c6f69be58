package io.integrationsrealtime.client.internal;

import io.integrationsrealtime.client.IntegrationException;
import io.integrationsrealtime.protocol.ErrorCode;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Requests waiting for their outcome, by requestId. Three things can end a request: its ack, its
 * timeout, or the connection going away. Whichever comes first removes the entry from the map and
 * so wins exactly once; the others find nothing and are ignored. Futures are completed on the
 * callback executor so that dependent stages never run on socket.io's EventThread.
 */
public final class PendingRequests {

    private final Map<String, Pending<?>> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final Executor callbacks;

    public PendingRequests(ScheduledExecutorService timer, Executor callbacks) {
        this.timer = Objects.requireNonNull(timer, "timer");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
    }

    /**
     * Registers a request and starts its timeout.
     *
     * @param timeoutCode {@code ACK_TIMEOUT} or {@code TIMEOUT}
     * @return the future of the outcome; cancelling it forgets the request
     * @throws IllegalStateException when a request with that id is already pending
     */
    public <T> CompletableFuture<T> register(String requestId, String event, Duration timeout, ErrorCode timeoutCode) {
        Pending<T> entry = new Pending<>(new CompletableFuture<>());
        if (pending.putIfAbsent(requestId, entry) != null) {
            throw new IllegalStateException("requestId " + requestId + " is already in flight");
        }
        try {
            entry.timeout = timer.schedule(
                    () -> fail(requestId, () -> new IntegrationException(timeoutCode,
                            "no answer to " + event + " within " + timeout.toMillis() + " ms", requestId)),
                    timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            pending.remove(requestId, entry);
            entry.future.completeExceptionally(new IntegrationException(ErrorCode.DISCONNECTED, "client is closed", requestId));
            return entry.future;
        }
        // Whatever completes the future (including a caller's cancel), the entry must not leak.
        entry.future.whenComplete((value, error) -> forget(requestId, entry));
        return entry.future;
    }

    /** Whether the request is still waiting (not answered, timed out nor failed). */
    public boolean isPending(String requestId) {
        return pending.containsKey(requestId);
    }

    /** Completes a request with its answer; false if it had already ended. */
    public <T> boolean succeed(String requestId, T value) {
        Pending<?> entry = take(requestId);
        if (entry == null) {
            return false;
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<T> future = (CompletableFuture<T>) entry.future;
        deliver(() -> future.complete(value));
        return true;
    }

    /** Fails a request; the exception is made only if the request was still pending. */
    public boolean fail(String requestId, Supplier<? extends Throwable> error) {
        Pending<?> entry = take(requestId);
        if (entry == null) {
            return false;
        }
        Throwable cause = error.get();
        deliver(() -> entry.future.completeExceptionally(cause));
        return true;
    }

    /** Fails every pending request, e.g. with DISCONNECTED when the connection drops. */
    public void failAll(ErrorCode code, String message) {
        for (String requestId : pending.keySet()) {
            fail(requestId, () -> new IntegrationException(code, message, requestId));
        }
    }

    public int size() {
        return pending.size();
    }

    private Pending<?> take(String requestId) {
        Pending<?> entry = pending.remove(requestId);
        if (entry != null && entry.timeout != null) {
            entry.timeout.cancel(false);
        }
        return entry;
    }

    private void forget(String requestId, Pending<?> entry) {
        if (pending.remove(requestId, entry) && entry.timeout != null) {
            entry.timeout.cancel(false);
        }
    }

    private void deliver(Runnable completion) {
        try {
            callbacks.execute(completion);
        } catch (RejectedExecutionException e) {
            // A user executor that was shut down: a hanging future would be worse than running here.
            completion.run();
        }
    }

    private static final class Pending<T> {
        final CompletableFuture<T> future;
        volatile ScheduledFuture<?> timeout;

        Pending(CompletableFuture<T> future) {
            this.future = future;
        }
    }
}
