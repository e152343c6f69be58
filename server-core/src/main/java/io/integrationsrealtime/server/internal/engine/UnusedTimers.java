package io.integrationsrealtime.server.internal.engine;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.scheduler.CancelableScheduler;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the wheel timers that netty-socketio 2.0.14 creates for pipeline factories that never
 * run. Every {@link SocketIOChannelInitializer} makes a {@code HashedWheelTimer} in a field
 * initializer (its own and the default one inside {@link SocketIOServer}); replacing the factory
 * with {@code setPipelineFactory}, the extension point netty-socketio offers, leaves both unused
 * and unstopped, and netty logs each at ERROR ("LEAK: HashedWheelTimer.release() was not called")
 * once it is garbage-collected (measured with 2.0.14 and netty 4.1.137). netty-socketio exposes
 * neither timer, so they are read by reflection; where that is not permitted (netty-socketio on the
 * module path) nothing is stopped, and the only consequence is that log line.
 */
final class UnusedTimers {

    private static final Logger log = LoggerFactory.getLogger(UnusedTimers.class);

    private UnusedTimers() {
    }

    /** The pipeline factory {@code server} has now, or null when it cannot be read. */
    static SocketIOChannelInitializer currentFactory(SocketIOServer server) {
        try {
            Field factory = SocketIOServer.class.getDeclaredField("pipelineFactory");
            factory.setAccessible(true);
            return (SocketIOChannelInitializer) factory.get(server);
        } catch (ReflectiveOperationException | RuntimeException notPermitted) {
            log.debug("could not read netty-socketio's pipeline factory", notPermitted);
            return null;
        }
    }

    /**
     * Stops the timer {@code initializer} made in its field initializer, unless the initializer
     * has started: a server that started with it uses that timer for every connection. An
     * initializer whose state cannot be read counts as started (a timer left running costs a
     * thread; one stopped under a running server refuses every connection).
     */
    static void stopOwnTimer(SocketIOChannelInitializer initializer) {
        if (startedOrUnknown(initializer)) {
            return;
        }
        try {
            Field scheduler = SocketIOChannelInitializer.class.getDeclaredField("scheduler");
            scheduler.setAccessible(true);
            if (scheduler.get(initializer) instanceof CancelableScheduler unused) {
                unused.shutdown();
            }
        } catch (ReflectiveOperationException | RuntimeException notPermitted) {
            log.debug("could not stop the unused timer of a netty-socketio pipeline factory", notPermitted);
        }
    }

    /** Whether {@code start} has run ({@code SocketIOServer.start()} calls it), or that cannot be told. */
    private static boolean startedOrUnknown(SocketIOChannelInitializer initializer) {
        try {
            Field handler = SocketIOChannelInitializer.class.getDeclaredField("authorizeHandler");
            handler.setAccessible(true);
            return handler.get(initializer) != null;
        } catch (ReflectiveOperationException | RuntimeException notPermitted) {
            return true;
        }
    }
}
