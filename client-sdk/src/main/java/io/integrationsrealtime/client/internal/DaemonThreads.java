package io.integrationsrealtime.client.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The client's own threads: daemons, so a forgotten client never keeps the JVM alive. */
public final class DaemonThreads {

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private DaemonThreads() {
    }

    /**
     * One callback thread that ends after a short idle time, so it needs no shutdown: work that
     * arrives after {@code close()} (late acks, the final notifications) still runs.
     */
    public static Executor callbackThread() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory("integrations-client-callbacks-" + CLIENTS.incrementAndGet()));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** One thread that writes one websocket's frames, ending after a short idle time. */
    public static Executor writerThread() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory("integrations-client-writer-" + CLIENTS.incrementAndGet()));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The one timer thread of a client; cancelled timers are removed at once (no build-up). */
    public static ScheduledExecutorService timerThread() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                factory("integrations-client-timeouts-" + CLIENTS.incrementAndGet()));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static ThreadFactory factory(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
