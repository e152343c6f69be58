package io.integrationsrealtime.examples;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The demo's plain-HTTP side, on its own port (the Socket.IO server has the other one): the signed
 * webhook ingress at {@code /webhooks/<integrationId>} and the dashboard page at {@code /}.
 * Runs on the JDK's built-in HTTP server.
 */
final class DemoHttpServer implements AutoCloseable {

    private final HttpServer http;
    private final ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "demo-http");
        thread.setDaemon(true);
        return thread;
    });

    private DemoHttpServer(HttpServer http) {
        this.http = http;
    }

    /** Binds {@code host:port} (0 for any free port) and serves until {@link #close()}. */
    static DemoHttpServer start(String host, int port, DemoWebhookEndpoint webhooks, DashboardFiles dashboard)
            throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
        DemoHttpServer server = new DemoHttpServer(http);
        http.createContext("/webhooks/", webhooks);
        http.createContext("/", dashboard);
        http.setExecutor(server.threads);
        http.start();
        return server;
    }

    int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }
}
