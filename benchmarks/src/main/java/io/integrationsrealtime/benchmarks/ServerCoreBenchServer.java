package io.integrationsrealtime.benchmarks;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.Limits;
import io.integrationsrealtime.server.spi.IntegrationRef;
import io.integrationsrealtime.server.store.InMemoryIdempotencyStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;

/**
 * Server (a): server-core with {@link FixedResultBackend}, anonymous auth and the default
 * configuration except two per-connection limits, which are lifted: the rate limit (its default of
 * 100 requests/s would measure the rate limiter, not the server) and the in-flight limit (64 by
 * default; the open-loop latency scenario keeps more than that in flight on a connection when a
 * server falls behind, and a refusal would hide the queueing it measures). Prints
 * {@code READY <port>} once it listens on 127.0.0.1; runs until killed or until stdin ends
 * ({@link ControlChannel}: {@code webhook <i>} calls {@link IntegrationsServer#publishWebhook}).
 * With {@code -Dbench.allocLog=FILE} it also logs allocated bytes and GC time
 * ({@link AllocationLog}); with {@code -Dbench.executor=direct} backend calls run on the calling
 * thread (the documented opt-in for backends that never block) instead of the default pool; with
 * {@code -Dbench.idempotencyMaxBytes=N} the in-memory idempotency store keeps at most N bytes.
 * {@code -Dbench.features=...} (comma-separated) switches on what a user would, for the cost table
 * of docs/benchmarks.md: {@code metrics} (the Micrometer observer on a {@code SimpleMeterRegistry}),
 * {@code tracing} (the same plus Observations traced by OpenTelemetry's SDK, every span sampled and
 * handed to an exporter that drops it), {@code tracing10} (the same with one trace in ten sampled,
 * Spring Boot's default {@code management.tracing.sampling.probability}), {@code backend-spans} (with either: a backend
 * span under each server span, {@code MicrometerServerObserver.Builder.backendSpans(true)}), {@code pool} (the backend does not declare that it never
 * blocks, so every request goes to the backend pool and back, as before), {@code netty-layer} (attached to a host that had
 * already started, so netty-socketio's own Engine.IO layer serves instead of server-core's), and
 * {@code workers<N>} (N netty event loops instead of netty-socketio's default of 2 x cores).
 *
 * <p>Usage: {@code ServerCoreBenchServer <port>}
 */
public final class ServerCoreBenchServer {

    private ServerCoreBenchServer() {
    }

    public static void main(String[] args) {
        try {
            serve(Integer.parseInt(args[0]));
        } catch (Exception e) {  // netty rethrows a failed bind as an undeclared BindException
            // e.g. the port is taken: netty's non-daemon threads would otherwise keep a server
            // that never listens alive, and the orchestrator would wait for READY in vain.
            e.printStackTrace();
            Runtime.getRuntime().halt(1);
        }
    }

    private static void serve(int port) throws InterruptedException {
        AllocationLog.startIfAsked();
        List<String> features = List.of(System.getProperty("bench.features", "").split(","));
        IntegrationsServer.Builder builder = IntegrationsServer.builder(new FixedResultBackend(!features.contains("pool")));
        if ("direct".equals(System.getProperty("bench.executor"))) {
            // The documented opt-in for backends that never block: no hand-off to the backend pool.
            builder.backendExecutor(Runnable::run);
        }
        // For A/B runs of the backend pool's kind (the default is a FIFO ForkJoinPool of max(4, 2 x cores)):
        // a fixed pool of N plain threads, or a FIFO ForkJoinPool of N.
        String executor = System.getProperty("bench.executor", "");
        if (executor.startsWith("fixed:")) {
            builder.backendExecutor(Executors.newFixedThreadPool(Integer.parseInt(executor.substring("fixed:".length()))));
        } else if (executor.startsWith("fj:")) {
            builder.backendExecutor(new ForkJoinPool(Integer.parseInt(executor.substring("fj:".length())),
                    ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true));
        }
        String storeBytes = System.getProperty("bench.idempotencyMaxBytes");
        if (storeBytes != null) {
            // For A/B runs of the idempotency store's byte bound (its retained size drives GC time).
            builder.idempotencyStore(new InMemoryIdempotencyStore(InMemoryIdempotencyStore.DEFAULT_WINDOW,
                    InMemoryIdempotencyStore.DEFAULT_MAX_KEYS, Long.parseLong(storeBytes), Clock.systemUTC()));
        }
        if (features.contains("metrics") || features.contains("tracing") || features.contains("tracing10")) {
            builder.observer(BenchObservers.micrometer(features.contains("tracing") ? 1.0
                    : features.contains("tracing10") ? 0.1 : 0.0, features.contains("backend-spans")));
        }
        features.stream().filter(feature -> feature.matches("workers[0-9]+")).findFirst().ifPresent(workers ->
                builder.configure(configuration -> configuration.setWorkerThreads(Integer.parseInt(workers.substring("workers".length())))));
        builder.allowAnonymous()
                .limits(Limits.DEFAULTS.withRate(1_000_000_000, 1_000_000_000).withMaxInFlight(1_000_000));
        IntegrationsServer server;
        if (features.contains("netty-layer")) {
            // A host that started before attaching keeps netty-socketio's Engine.IO layer (a WARN says so).
            Configuration host = builder.applySecureDefaults(new Configuration());
            host.setHostname("127.0.0.1");
            host.setPort(port);
            host.getSocketConfig().setReuseAddress(true);
            SocketIOServer hostServer = new SocketIOServer(host);
            hostServer.start();
            server = builder.attachTo(hostServer);
            Runtime.getRuntime().addShutdownHook(new Thread(hostServer::stop));
        } else {
            server = builder
                    .hostname("127.0.0.1")
                    .port(port)   // standalone servers reuse the address: a rerun binds despite TIME_WAIT sockets
                    .build()
                    .start();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        IntegrationRef fanOut = new IntegrationRef(ControlChannel.PROJECT_ID, ControlChannel.INTEGRATION_ID);
        ControlChannel.start(i -> server.publishWebhook(fanOut, "bench.tick", ControlChannel.webhookData(i)));
        System.out.println("READY " + port);
        Thread.currentThread().join();
    }
}
