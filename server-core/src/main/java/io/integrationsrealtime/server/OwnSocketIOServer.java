package io.integrationsrealtime.server;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;

/**
 * The netty-socketio server a standalone {@link IntegrationsServer} starts, stopped without
 * netty's default two-second quiet period per event loop group.
 *
 * <p>Why: {@code SocketIOServer.stop()} shuts its boss group and then its worker group down with
 * netty's defaults, each waiting until no task came for 2 s: about 4 s per {@code close()}, for
 * an application's shutdown and for every test that starts a server. A quiet period exists for
 * tasks other threads hand the loops while they stop; this server's own closing hands them none
 * after {@link IntegrationsServer#close()} stopped new work, so a short one is enough.
 */
final class OwnSocketIOServer extends SocketIOServer {

    /** Tasks handed to a loop within this time of the last one still run before it ends. */
    static final long QUIET_PERIOD_MILLIS = 100;
    private static final long STOP_TIMEOUT_MILLIS = 15_000;   // netty's default

    private volatile EventLoopGroup boss;
    private volatile EventLoopGroup workers;

    OwnSocketIOServer(Configuration configuration) {
        super(configuration);
    }

    @Override
    protected void applyConnectionOptions(ServerBootstrap bootstrap) {
        super.applyConnectionOptions(bootstrap);
        boss = bootstrap.config().group();
        workers = bootstrap.config().childGroup();
    }

    /**
     * Starts both groups' shutdown with the short quiet period, then lets netty-socketio finish
     * its stop (its own shutdown calls find them shutting down already and wait for the end).
     */
    @Override
    public void stop() {
        EventLoopGroup bossGroup = boss;
        EventLoopGroup workerGroup = workers;
        if (bossGroup != null && workerGroup != null) {
            bossGroup.shutdownGracefully(QUIET_PERIOD_MILLIS, STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            workerGroup.shutdownGracefully(QUIET_PERIOD_MILLIS, STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }
        super.stop();
    }
}
