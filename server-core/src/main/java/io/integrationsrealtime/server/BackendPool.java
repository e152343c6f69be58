package io.integrationsrealtime.server;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend executor a server makes when the host brings none: a FIFO {@link ForkJoinPool} of
 * {@code max(4, 2 x cores)} daemon threads.
 *
 * <p>Why a ForkJoinPool and not a fixed thread pool: every request is handed from a netty event
 * loop to this pool and its answer back, and at light load a fixed pool's threads are asleep for
 * each of those hand-offs, so every request pays a thread wake-up. A ForkJoinPool's workers look
 * for more work before they park and the one woken is the one that parked last, which measured
 * ~30 % less server CPU per execute and ~20 % more round trips/s at one connection (and ~5 % more
 * CPU per execute under full load when the server shares its cores with the clients;
 * docs/benchmarks.md). FIFO ({@code asyncMode}) keeps requests in arrival order.
 */
final class BackendPool {

    private static final Logger LOG = LoggerFactory.getLogger(BackendPool.class);

    private BackendPool() {
    }

    static ForkJoinPool create() {
        int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = pool -> {
            // The protected constructor keeps the creating thread's context class loader; the
            // JDK's default factory would give workers the system class loader, which cannot see
            // an application's classes in containers and fat jars.
            ForkJoinWorkerThread thread = new ForkJoinWorkerThread(pool) {
            };
            thread.setName("integrations-backend-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        // Host code is called through ServerContext, which turns its exceptions into failed
        // stages; anything reaching here is a bug of this library, logged without a client's data.
        Thread.UncaughtExceptionHandler uncaught = (thread, error) ->
                LOG.error("unexpected {} on {}", error.getClass().getName(), thread.getName(), error);
        return new ForkJoinPool(threads, factory, uncaught, true);
    }
}
