package io.integrationsrealtime.server;

import io.integrationsrealtime.server.spi.Principal;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * What the server keeps per connected socket: who it is (or the authentication still under way),
 * its request-rate bucket and how many of its requests are unanswered.
 */
final class Session {

    private final Limits limits;
    // A field and an updater rather than an AtomicInteger: 16 bytes less per connection.
    private static final AtomicIntegerFieldUpdater<Session> IN_FLIGHT = AtomicIntegerFieldUpdater.newUpdater(Session.class, "inFlight");
    private volatile int inFlight;
    /** The socket's id as text, made on first use: every run publishes it twice (racy but benign). */
    private String socketId;
    private volatile Principal principal;
    private volatile CompletableFuture<Principal> authentication;
    // Token bucket, guarded by this.
    private double tokens;
    private long refilledAtNanos = System.nanoTime();

    Session(Limits limits) {
        this.limits = limits;
        this.tokens = limits.burst();
    }

    String socketId(UUID id) {
        String text = socketId;
        if (text == null) {
            text = id.toString();
            socketId = text;
        }
        return text;
    }

    Principal principal() {
        return principal;
    }

    /** The authentication in progress or done, or {@code null} if none was started. */
    CompletableFuture<Principal> authentication() {
        return authentication;
    }

    void authenticating(CompletableFuture<Principal> result) {
        this.authentication = result;
        result.thenAccept(p -> this.principal = p);
    }

    /** Zero when a request may go now; otherwise nanoseconds until one may. */
    synchronized long takeRequestToken() {
        long now = System.nanoTime();
        tokens = Math.min(limits.burst(), tokens + (now - refilledAtNanos) / 1e9 * limits.requestsPerSecond());
        refilledAtNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / limits.requestsPerSecond() * 1e9);
    }

    /** Counts a request as unanswered; false (and nothing counted) when the limit is reached. */
    boolean startRequest() {
        while (true) {
            int current = inFlight;
            if (current >= limits.maxInFlight()) {
                return false;
            }
            if (IN_FLIGHT.compareAndSet(this, current, current + 1)) {
                return true;
            }
        }
    }

    void endRequest() {
        IN_FLIGHT.decrementAndGet(this);
    }
}
