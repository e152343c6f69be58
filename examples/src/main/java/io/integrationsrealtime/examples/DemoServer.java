package io.integrationsrealtime.examples;

import io.integrationsrealtime.server.IntegrationsServer;
import java.time.Duration;

/**
 * The demo server: server-core on the in-memory {@link DemoBackend}, usage pushed after every
 * execution, and simulated provider webhooks. Needs nothing installed or configured.
 */
public final class DemoServer implements AutoCloseable {

    private final IntegrationsServer server;
    private final WebhookSimulator webhooks;
    private final DemoBackend backend;

    private DemoServer(IntegrationsServer server, DemoBackend backend, WebhookSimulator webhooks) {
        this.server = server;
        this.backend = backend;
        this.webhooks = webhooks;
    }

    /**
     * @param port             0 for any free port
     * @param maxLatency       upper bound of simulated upstream latency
     * @param webhookInterval  how often each provider sends a webhook
     */
    public static DemoServer start(String host, int port, Duration maxLatency, Duration webhookInterval) {
        DemoBackend backend = new DemoBackend(maxLatency);
        IntegrationsServer server = IntegrationsServer.builder(backend).hostname(host).port(port).build().start();
        backend.onUsage(server::publishUsage);
        WebhookSimulator webhooks = new WebhookSimulator(server, backend.integrations(), webhookInterval);
        return new DemoServer(server, backend, webhooks);
    }

    public int port() {
        return server.port();
    }

    public IntegrationsServer server() {
        return server;
    }

    DemoBackend backend() {
        return backend;
    }

    @Override
    public void close() {
        webhooks.close();
        server.close();
    }
}
