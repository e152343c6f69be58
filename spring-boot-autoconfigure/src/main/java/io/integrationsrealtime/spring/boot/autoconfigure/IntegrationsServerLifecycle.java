package io.integrationsrealtime.spring.boot.autoconfigure;

import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.observe.ServerState;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * Starts a standalone server with the context and drains it at shutdown, in the phase of Spring
 * Boot's graceful web-server shutdown, so that requests already running finish while new ones are
 * refused. The drain runs on a thread of its own: Spring waits for it (up to
 * {@code spring.lifecycle.timeout-per-shutdown-phase}) while other beans of the phase stop too.
 */
final class IntegrationsServerLifecycle implements SmartLifecycle {

    /** Boot's graceful web-server shutdown phase ({@code WebServerGracefulShutdownLifecycle}). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    private final IntegrationsServer server;
    private final Duration drainTimeout;
    private volatile boolean running;

    IntegrationsServerLifecycle(IntegrationsServer server, Duration drainTimeout) {
        this.server = server;
        this.drainTimeout = drainTimeout;
    }

    @Override
    public void start() {
        if (server.state() == ServerState.STARTING) {
            server.start();   // an attached server is already serving: its host starts the netty server
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        server.shutdown(drainTimeout);
    }

    @Override
    public void stop(Runnable callback) {
        running = false;
        Thread drain = new Thread(() -> {
            try {
                server.shutdown(drainTimeout);
            } finally {
                callback.run();
            }
        }, "integrations-drain");
        drain.setDaemon(true);
        drain.start();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
