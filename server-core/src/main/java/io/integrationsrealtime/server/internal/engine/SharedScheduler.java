package io.integrationsrealtime.server.internal.engine;

import com.corundumstudio.socketio.scheduler.CancelableScheduler;
import com.corundumstudio.socketio.scheduler.SchedulerKey;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * netty-socketio's scheduler interface (first-data timeouts, ack timeouts) on one wheel timer for
 * the whole JVM. netty-socketio makes a {@link HashedWheelTimer} with a non-daemon thread per
 * server, and netty reports every such timer that is garbage-collected without being stopped as
 * a leak, at ERROR; one shared daemon wheel avoids both. Each server keeps its own keys, so
 * {@link #shutdown()} cancels only that server's timeouts.
 */
final class SharedScheduler implements CancelableScheduler {

    private static final HashedWheelTimer WHEEL = new HashedWheelTimer(runnable -> {
        Thread thread = new Thread(runnable, "integrations-engine-timer");
        thread.setDaemon(true);
        return thread;
    }, 100, TimeUnit.MILLISECONDS);

    private final ConcurrentHashMap<SchedulerKey, Timeout> keyed = new ConcurrentHashMap<>();
    /** Where keyed callbacks run (netty-socketio runs ack timeouts on an event loop). */
    private volatile Executor callbackExecutor = Runnable::run;

    @Override
    public void update(ChannelHandlerContext ctx) {
        callbackExecutor = ctx.executor();
    }

    @Override
    public void cancel(SchedulerKey key) {
        Timeout timeout = keyed.remove(key);
        if (timeout != null) {
            timeout.cancel();
        }
    }

    @Override
    public void schedule(Runnable runnable, long delay, TimeUnit unit) {
        WHEEL.newTimeout(timeout -> runSafely(runnable), delay, unit);
    }

    @Override
    public void scheduleCallback(SchedulerKey key, Runnable runnable, long delay, TimeUnit unit) {
        Executor executor = callbackExecutor;
        replace(key, WHEEL.newTimeout(timeout -> executor.execute(() -> {
            keyed.remove(key, timeout);
            runSafely(runnable);
        }), delay, unit));
    }

    @Override
    public void schedule(SchedulerKey key, Runnable runnable, long delay, TimeUnit unit) {
        replace(key, WHEEL.newTimeout(timeout -> {
            keyed.remove(key, timeout);
            runSafely(runnable);
        }, delay, unit));
    }

    /** Cancels this server's timeouts; the shared wheel keeps running for other servers. */
    @Override
    public void shutdown() {
        keyed.values().forEach(Timeout::cancel);
        keyed.clear();
    }

    private void replace(SchedulerKey key, Timeout timeout) {
        Timeout old = timeout.isExpired() ? keyed.remove(key) : keyed.put(key, timeout);
        if (old != null) {
            old.cancel();
        }
    }

    private static void runSafely(Runnable runnable) {
        try {
            runnable.run();
        } catch (RuntimeException e) {
            ClientLog.failed("a scheduled task of netty-socketio", e);
        }
    }
}
