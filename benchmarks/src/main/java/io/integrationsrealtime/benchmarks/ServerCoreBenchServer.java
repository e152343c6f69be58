package io.integrationsrealtime.benchmarks;

import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.Limits;

/**
 * Server (a): server-core with {@link FixedResultBackend}, anonymous auth and the default
 * configuration except the per-connection rate limit, which is lifted (its default of 100
 * requests/s would measure the rate limiter, not the server). Prints {@code READY <port>} once it
 * listens on 127.0.0.1; runs until killed. With {@code -Dbench.allocLog=FILE} it also logs allocated
 * bytes and GC time ({@link AllocationLog}); with {@code -Dbench.executor=direct} backend calls run on
 * the calling thread (the non-blocking opt-in) instead of the default pool.
 *
 * <p>Usage: {@code ServerCoreBenchServer <port>}
 */
public final class ServerCoreBenchServer {

    private ServerCoreBenchServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        AllocationLog.startIfAsked();
        IntegrationsServer.Builder builder = IntegrationsServer.builder(new FixedResultBackend());
        if ("direct".equals(System.getProperty("bench.executor"))) {
            // The documented opt-in for backends that never block: no hand-off to the backend pool.
            builder.backendExecutor(Runnable::run);
        }
        IntegrationsServer server = builder
                .allowAnonymous()
                .limits(Limits.DEFAULTS.withRate(1_000_000_000, 1_000_000_000))
                .hostname("127.0.0.1")
                .port(port)
                .build()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("READY " + server.port());
        Thread.currentThread().join();
    }
}
