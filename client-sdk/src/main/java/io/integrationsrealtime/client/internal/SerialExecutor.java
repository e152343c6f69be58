package io.integrationsrealtime.client.internal;

import io.integrationsrealtime.client.internal.ClientLogger.Level;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in submission order, on any executor (even a multi-threaded one), so
 * that the callbacks of one client never run concurrently or out of order. A task that throws is
 * logged and does not stop the ones after it.
 */
public final class SerialExecutor implements Executor {

    private static final ClientLogger LOG = ClientLogger.of(SerialExecutor.class);

    private final Executor delegate;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    public SerialExecutor(Executor delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(Objects.requireNonNull(task, "task"));
        scheduleDrain();
    }

    private void scheduleDrain() {
        // Only the caller that flips the flag submits a drain; the running drain picks up the rest.
        if (!tasks.isEmpty() && draining.compareAndSet(false, true)) {
            try {
                delegate.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
                LOG.log(Level.WARNING, "callback executor rejected work; " + tasks.size() + " callbacks dropped", e);
                tasks.clear();
            }
        }
    }

    private void drain() {
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (Throwable t) {
                    LOG.log(Level.WARNING, "a client callback threw; ignored", t);
                }
            }
        } finally {
            draining.set(false);
            // A task may have been added after the last poll but before the flag was cleared.
            scheduleDrain();
        }
    }
}
