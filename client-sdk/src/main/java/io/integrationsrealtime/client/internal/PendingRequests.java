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
 *
 * <p>A request sent with the SDK's own Socket.IO ack id ({@link #attachAck}) is also found by that
 * id when its ACK packet arrives ({@link #settleAck}); the id leaves the index with the request,
 * however the request ends.
 */
public final class PendingRequests {

    private final Map<String, Pending<?>> pending = new ConcurrentHashMap<>();
    /** Requests by the ack id they were sent with; only those sent with the SDK's own ids. */
    private final Map<Integer, Pending<?>> byAckId = new ConcurrentHashMap<>();
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
        Pending<T> entry = new Pending<>(requestId, new CompletableFuture<>());
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

    /**
     * Ties a pending request to the ack id it is about to be sent with, and the type its answer is
     * read as. Called once per request, before the packet is written.
     *
     * @return false (and nothing tied) when the request has already ended
     */
    public boolean attachAck(String requestId, int ackId, Class<?> successType) {
        Pending<?> entry = pending.get(requestId);
        if (entry == null) {
            return false;
        }
        entry.successType = successType;
        entry.ackId = ackId;
        byAckId.put(ackId, entry);
        if (pending.get(requestId) != entry) {  // ended meanwhile; its take() may have missed the id
            byAckId.remove(ackId, entry);
            return false;
        }
        return true;
    }

    /**
     * Settles the request sent with {@code ackId} by its ack's arguments (decoded here, on the
     * caller's thread; the future completes on the callback executor).
     *
     * @return false when no pending request has that ack id (not one of ours, or already ended)
     */
    public boolean settleAck(int ackId, Object[] arguments) {
        Pending<?> entry = byAckId.remove(ackId);
        if (entry == null) {
            return false;
        }
        AckOutcome<?> outcome = AckOutcome.decode(arguments, entry.successType, entry.requestId);
        if (!pending.remove(entry.requestId, entry)) {
            return true;  // timed out, cancelled or failed meanwhile: the late ack is dropped
        }
        cancelTimeout(entry);
        @SuppressWarnings("unchecked")
        CompletableFuture<Object> future = (CompletableFuture<Object>) entry.future;
        if (outcome instanceof AckOutcome.Success<?> success) {
            deliver(() -> future.complete(success.value()));
        } else {
            IntegrationException error = ((AckOutcome.Failure<?>) outcome).error();
            deliver(() -> future.completeExceptionally(error));
        }
        return true;
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
        if (entry != null) {
            cancelTimeout(entry);
        }
        return entry;
    }

    private void forget(String requestId, Pending<?> entry) {
        if (pending.remove(requestId, entry)) {
            cancelTimeout(entry);
        }
    }

    /** After the entry left {@code pending}: stops its timer and drops its ack id. */
    private void cancelTimeout(Pending<?> entry) {
        if (entry.timeout != null) {
            entry.timeout.cancel(false);
        }
        int ackId = entry.ackId;
        if (ackId >= 0) {
            byAckId.remove(ackId, entry);
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
        final String requestId;
        final CompletableFuture<T> future;
        volatile ScheduledFuture<?> timeout;
        /** Set by attachAck (before the entry is indexed by it); -1 when sent with socket.io's ack. */
        volatile int ackId = -1;
        volatile Class<?> successType;

        Pending(String requestId, CompletableFuture<T> future) {
            this.requestId = requestId;
            this.future = future;
        }
    }
}
