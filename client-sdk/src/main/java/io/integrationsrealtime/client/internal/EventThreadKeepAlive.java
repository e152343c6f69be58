package io.integrationsrealtime.client.internal;

import io.integrationsrealtime.client.internal.ClientLogger.Level;
import io.socket.thread.EventThread;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Keeps socket.io-client-java's EventThread alive while a connection is up.
 *
 * <p>Why: {@code EventThread.nextTick} counts queued tasks and, whenever the count drops to zero,
 * shuts its single-thread executor down; the next task starts a new thread. With one request in
 * flight the queue empties after nearly every message, so each request and each ack paid for a
 * thread start and exit (measured: most of the client's CPU per round trip at 1 x 1, see
 * docs/benchmarks-sdk.md). Holding one count in that private counter while connected keeps one
 * thread; releasing it queues a no-op so the executor shuts down as it did before.
 *
 * <p>Best effort: if the field is not there (another socket.io-client version, or a shrunk Android
 * app built without the jar's R8 rules, META-INF/proguard/), nothing is held and the client works
 * as before, only slower.
 */
public final class EventThreadKeepAlive {

    private static final ClientLogger LOG = ClientLogger.of(EventThreadKeepAlive.class);
    private static final Field COUNTER = findCounter();

    private EventThreadKeepAlive() {
    }

    /** Whether holding works with the socket.io-client on the classpath. */
    public static boolean supported() {
        return COUNTER != null;
    }

    /** Takes one hold; false (and nothing held) when unsupported. Pair every true with {@link #release()}. */
    public static boolean acquire() {
        return COUNTER != null && add(1);
    }

    /** Gives a hold back; the thread ends after its queue empties once no hold is left. */
    public static void release() {
        if (COUNTER != null && add(-1)) {
            // If the count is now zero, only a task's end shuts the idle executor down.
            EventThread.nextTick(() -> { });
        }
    }

    private static boolean add(int delta) {
        // EventThread reads and writes the counter under its class lock.
        synchronized (EventThread.class) {
            try {
                COUNTER.setInt(null, COUNTER.getInt(null) + delta);
                return true;
            } catch (IllegalAccessException | RuntimeException e) {
                LOG.log(Level.DEBUG, "could not adjust socket.io's EventThread counter", e);
                return false;
            }
        }
    }

    private static Field findCounter() {
        try {
            Field counter = EventThread.class.getDeclaredField("counter");
            if (counter.getType() != int.class || !Modifier.isStatic(counter.getModifiers())) {
                return null;
            }
            counter.setAccessible(true);
            return counter;
        } catch (NoSuchFieldException | RuntimeException e) {
            LOG.log(Level.DEBUG, "socket.io's EventThread counter not found; its thread will restart when idle", e);
            return null;
        }
    }
}
