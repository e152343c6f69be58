package io.integrationsrealtime.examples;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The demo: starts the demo server and its HTTP side (webhook ingress and dashboard page), prints
 * how to connect, runs the client walkthrough once, then serves until stopped.
 *
 * <p>Options: {@code --port N} (default 9092, or env {@code DEMO_PORT}), {@code --webhook-port N}
 * (the HTTP port of webhooks and dashboard; default port + 1), {@code --host H} (default 127.0.0.1), {@code --no-walkthrough},
 * {@code --exit} (stop after the walkthrough), {@code --redis URL} (or env {@code REDIS_URL}, e.g.
 * {@code redis://127.0.0.1:6379}): cluster mode, where several demo nodes on different ports share
 * rooms, replay and idempotency through that Redis (docs/scaling.md).
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        String host = option(args, "--host", "127.0.0.1");
        int port = Integer.parseInt(option(args, "--port", System.getenv().getOrDefault("DEMO_PORT", "9092")));
        int webhookPort = Integer.parseInt(option(args, "--webhook-port", String.valueOf(port == 0 ? 0 : port + 1)));
        boolean walkthrough = !flag(args, "--no-walkthrough");
        boolean exit = flag(args, "--exit");
        String redisUrl = option(args, "--redis", System.getenv("REDIS_URL"));
        if (redisUrl != null && redisUrl.isBlank()) {
            redisUrl = null;
        }

        DemoServer demo = DemoServer.start(host, port, Duration.ofMillis(250), Duration.ofSeconds(3), redisUrl);
        boolean anyInterface = host.equals("0.0.0.0") || host.equals("::");
        DemoHttpServer http = DemoHttpServer.start(host, webhookPort, new DemoWebhookEndpoint(demo.server(), DemoWebhookEndpoint.demoRoutes()),
                new DashboardFiles(anyInterface ? null : "http://" + host + ":" + demo.port(), demo.port(),
                        demo.backend().integrations()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.close();
            demo.close();
        }, "demo-shutdown"));

        printBanner(host, demo, http);
        if (walkthrough) {
            new DemoClient(System.out).walkthrough("http://" + host + ":" + demo.port());
        }
        if (exit) {
            http.close();
            demo.close();
            return;
        }
        System.out.println();
        System.out.println("Demo server running; Ctrl+C stops it.");
        new CountDownLatch(1).await();
    }

    private static void printBanner(String host, DemoServer demo, DemoHttpServer http) {
        System.out.println();
        System.out.println("Integrations realtime demo server");
        System.out.println("  Socket.IO URL   http://" + host + ":" + demo.port() + "  (namespace \"/\", token \"" + DemoServer.TOKEN + "\" in the auth payload)");
        if (DashboardFiles.bundlePresent()) {
            System.out.println("  Dashboard       http://" + host + ":" + http.port() + "/  (open in a browser)");
        } else {
            System.out.println("  Dashboard       unavailable: the socket.io browser bundle was not built. Install Node.js 20+"
                    + " and npm, then run the demo command again (the build runs `npm ci` in interop/).");
        }
        System.out.println("  Webhook ingress POST http://" + host + ":" + http.port() + "/webhooks/<integrationId>"
                + "  (Stripe-style signature; secret of " + DemoCatalog.PAYMENTS_ID + ": " + DemoWebhookEndpoint.SECRET + ")");
        System.out.println("  Project " + DemoCatalog.PROJECT_ID);
        demo.backend().integrations().stream()
                .sorted(java.util.Comparator.comparing(DemoIntegration::id))
                .forEach(i -> System.out.printf("    %s  %-36s endpoints %s%s%n", i.id(), i.name(),
                        new java.util.TreeSet<>(i.endpoints().keySet()),
                        i.webhookEvents().isEmpty() ? "" : ", webhooks " + i.webhookEvents()));
        System.out.println("  Cluster mode    " + (demo.clustered()
                ? "on: rooms, replay and idempotency shared through Redis with every node on the same Redis"
                : "off (--redis redis://127.0.0.1:6379 or REDIS_URL turns it on)"));
        System.out.println("  Protocol reference: docs/protocol.md");
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static boolean flag(String[] args, String name) {
        return java.util.Arrays.asList(args).contains(name);
    }
}
