package io.integrationsrealtime.server.internal.engine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log lines about what clients did wrong (malformed packets, unknown sessions, failed handshakes,
 * broken connections): one concise line per cause, never the client's bytes and never a stack
 * trace (that goes to DEBUG), and at most one line per cause every {@link #INTERVAL_SECONDS}
 * seconds, which then says how many more of the same came since the last one. An unauthenticated
 * client can therefore not fill the log, however fast it sends.
 */
public final class ClientLog {

    /** Seconds between two lines of the same cause. */
    public static final int INTERVAL_SECONDS = 10;

    private static final Logger LOG = LoggerFactory.getLogger("io.integrationsrealtime.server.engine");
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS);
    private static final ConcurrentHashMap<String, Window> WINDOWS = new ConcurrentHashMap<>();

    private ClientLog() {
    }

    /**
     * Reports a request or packet the server refused as the protocol says. Logged at INFO.
     *
     * @param cause a fixed text naming the cause, e.g. {@code "unknown or malformed sid"}; it is
     *              the rate limit's key, so it must not contain anything the client chose
     */
    public static void refused(String cause) {
        report(false, cause, null);
    }

    /**
     * Reports a connection that failed on something the client sent or on its network (an
     * exception in netty's pipeline). Logged at WARN with the exception's type; its stack trace
     * at DEBUG only.
     *
     * @param cause   a fixed text naming where it failed
     * @param failure the exception; only its class name is logged above DEBUG
     */
    public static void failed(String cause, Throwable failure) {
        report(true, cause + ": " + failure.getClass().getName(), failure);
    }

    private static void report(boolean warn, String cause, Throwable failure) {
        if (failure != null && LOG.isDebugEnabled()) {
            LOG.debug(cause, failure);
        }
        if (warn ? !LOG.isWarnEnabled() : !LOG.isInfoEnabled()) {
            return;
        }
        Window window = WINDOWS.get(cause);
        if (window == null) {
            window = WINDOWS.computeIfAbsent(cause, key -> new Window());
        }
        long suppressed = window.admit(System.nanoTime());
        if (suppressed < 0) {
            return;
        }
        String line = suppressed == 0 ? cause : cause + " (and " + suppressed + " more since the last report)";
        if (warn) {
            LOG.warn("client connection failed: {}", line);
        } else {
            LOG.info("refused from a client: {}", line);
        }
    }

    /** One cause's rate limit: a line when the interval has passed, else a count. */
    private static final class Window {
        private final AtomicLong nextLine = new AtomicLong(Long.MIN_VALUE);
        private final AtomicLong suppressed = new AtomicLong();

        /** The count to report with a line now, or -1 when this occurrence is only counted. */
        long admit(long now) {
            long next = nextLine.get();
            if ((next == Long.MIN_VALUE || now - next >= 0) && nextLine.compareAndSet(next, now + INTERVAL_NANOS)) {
                return suppressed.getAndSet(0);
            }
            suppressed.incrementAndGet();
            return -1;
        }
    }
}
