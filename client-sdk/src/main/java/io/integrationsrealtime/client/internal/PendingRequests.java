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
    private final Object checkLock = new Object();
    /** The timer task that fails expired requests, and when it runs; guarded by checkLock. */
    private ScheduledFuture<?> check;
    private long checkAt;

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
        Pending<T> entry = new Pending<>(requestId, new CompletableFuture<>(), event, timeout, timeoutCode);
        if (pending.putIfAbsent(requestId, entry) != null) {
            throw new IllegalStateException("requestId " + requestId + " is already in flight");
        }
        try {
            if (timer.isShutdown()) {
                throw new RejectedExecutionException("timer stopped");
            }
            checkBy(entry.deadline);
        } catch (RejectedExecutionException closed) {
            pending.remove(requestId, entry);
            entry.future.completeExceptionally(new IntegrationException(ErrorCode.DISCONNECTED, "client is closed", requestId));
            return entry.future;
        }
        // Whatever completes the future (including a caller's cancel), the entry must not leak.
        entry.future.whenComplete((value, error) -> take(requestId, entry));
        return entry.future;
    }

    /*
     * Timeouts: one timer task for the earliest deadline, not one per request. Why: with a task per
     * request, every request scheduled one and every answer cancelled it (a heap removal under the
     * timer's lock), and with one request in flight each new task was the head of the timer's
     * queue, which wakes the timer thread: a thread wake-up per request (docs/benchmarks-sdk.md).
     * Requests of one kind share a timeout, so later ones never move the check earlier.
     */

    /** Makes sure a check runs no later than {@code deadline} (System.nanoTime()). */
    private void checkBy(long deadline) {
        synchronized (checkLock) {
            if (check != null && deadline - checkAt >= 0) {
                return;
            }
            if (check != null) {
                check.cancel(false);
            }
            checkAt = deadline;
            check = timer.schedule(this::expire, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /** On the timer: fails the requests whose deadline has passed and plans the next check. */
    private void expire() {
        synchronized (checkLock) {
            check = null;
        }
        long now = System.nanoTime();
        long next = 0;
        boolean more = false;
        for (Pending<?> entry : pending.values()) {
            if (entry.deadline - now <= 0) {
                fail(entry.requestId, entry, () -> new IntegrationException(entry.timeoutCode,
                        "no answer to " + entry.event + " within " + entry.timeoutMillis + " ms", entry.requestId));
            } else if (!more || entry.deadline - next < 0) {
                next = entry.deadline;
                more = true;
            }
        }
        if (more) {
            try {
                checkBy(next);
            } catch (RejectedExecutionException closed) {
                // The client is closing: it fails what is left with DISCONNECTED.
            }
        }
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
        settle(entry, AckOutcome.decode(arguments, entry.successType, entry.requestId));
        return true;
    }

    /**
     * {@link #settleAck} from the ack's text when it is a plain success (see
     * {@link AckText#decodeSuccess}); false, and nothing done, when it is not one of ours or not plain.
     */
    public boolean settleAckText(int ackId, char[] chars, int arrayStart) {
        Pending<?> entry = byAckId.get(ackId);
        if (entry == null) {
            return false;
        }
        AckOutcome<?> outcome = AckText.decodeSuccess(chars, arrayStart, entry.successType);
        if (outcome == null) {
            return false;  // read as a tree, then settleAck
        }
        if (byAckId.remove(ackId, entry)) {
            settle(entry, outcome);
        }
        return true;
    }

    /** Acks of requests sent with {@link #attachAck}, for {@link JacksonPacketDecoder}. */
    public JacksonPacketDecoder.AckRouter ackRouter() {
        return new JacksonPacketDecoder.AckRouter() {
            @Override
            public boolean route(int ackId, Object[] arguments) {
                return settleAck(ackId, arguments);
            }

            @Override
            public boolean routeText(int ackId, char[] chars, int arrayStart) {
                return settleAckText(ackId, chars, arrayStart);
            }
        };
    }

    /**
     * Settles a request by its decoded ack (a request sent with socket.io's own {@code Ack}).
     *
     * @return false when it had already ended (the late ack is dropped)
     */
    public boolean settle(String requestId, AckOutcome<?> outcome) {
        Pending<?> entry = take(requestId);
        if (entry != null) {
            complete(entry, outcome);
        }
        return entry != null;
    }

    private void settle(Pending<?> entry, AckOutcome<?> outcome) {
        if (take(entry.requestId, entry) != null) {   // else timed out, cancelled or failed meanwhile
            complete(entry, outcome);
        }
    }

    /** Completes a request that has just left the map, on the callback executor. */
    private void complete(Pending<?> entry, AckOutcome<?> outcome) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Object> future = (CompletableFuture<Object>) entry.future;
        if (outcome instanceof AckOutcome.Success<?> success) {
            deliver(() -> future.complete(success.value()));
        } else {
            IntegrationException error = ((AckOutcome.Failure<?>) outcome).error();
            deliver(() -> future.completeExceptionally(error));
        }
    }

    /** Fails a request; the exception is made only if the request was still pending. */
    public boolean fail(String requestId, Supplier<? extends Throwable> error) {
        return fail(requestId, null, error);
    }

    /** As {@link #fail(String, Supplier)}, only if the pending entry is {@code expected} (when given). */
    private boolean fail(String requestId, Pending<?> expected, Supplier<? extends Throwable> error) {
        Pending<?> entry = expected == null ? take(requestId) : take(requestId, expected);
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
            ended(entry);
        }
        return entry;
    }

    private Pending<?> take(String requestId, Pending<?> expected) {
        if (!pending.remove(requestId, expected)) {
            return null;
        }
        ended(expected);
        return expected;
    }

    /** After the entry left {@code pending}: drops its ack id. (Its deadline needs no cancel.) */
    private void ended(Pending<?> entry) {
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
        final String event;
        final long timeoutMillis;
        final ErrorCode timeoutCode;
        /** System.nanoTime() after which the request fails with timeoutCode. */
        final long deadline;
        /** Set by attachAck (before the entry is indexed by it); -1 when sent with socket.io's ack. */
        volatile int ackId = -1;
        volatile Class<?> successType;

        Pending(String requestId, CompletableFuture<T> future, String event, Duration timeout, ErrorCode timeoutCode) {
            this.requestId = requestId;
            this.future = future;
            this.event = event;
            this.timeoutMillis = timeout.toMillis();
            this.timeoutCode = timeoutCode;
            this.deadline = System.nanoTime() + timeout.toNanos();
        }
    }
}
