package io.integrationsrealtime.examples;

import java.io.IOException;
import java.time.Duration;

/** The demo server and its HTTP side (webhooks and dashboard) on free loopback ports, for tests. */
final class DemoWithHttp implements AutoCloseable {

    final DemoServer demo;
    final DemoHttpServer http;

    DemoWithHttp(Duration webhookInterval) throws IOException {
        demo = DemoServer.start("127.0.0.1", 0, Duration.ofMillis(20), webhookInterval);
        var integrations = demo.backend().integrations();
        http = DemoHttpServer.start("127.0.0.1", 0,
                new DemoWebhookEndpoint(demo.server(), DemoWebhookEndpoint.demoRoutes()),
                new DashboardFiles(socketUrl(), demo.port(), integrations));
    }

    String socketUrl() {
        return "http://127.0.0.1:" + demo.port();
    }

    String httpUrl() {
        return "http://127.0.0.1:" + http.port();
    }

    @Override
    public void close() {
        http.close();
        demo.close();
    }
}
