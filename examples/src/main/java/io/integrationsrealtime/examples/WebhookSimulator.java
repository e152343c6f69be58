package io.integrationsrealtime.examples;

import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.spi.IntegrationRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays the third-party providers: every interval, each active integration's provider "sends" one
 * webhook, which the demo mirrors through {@link IntegrationsServer#publishWebhook}. A real host
 * would do that from its HTTP webhook endpoint after verifying the signature.
 */
final class WebhookSimulator implements AutoCloseable {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "demo-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong sequence = new AtomicLong(1000);

    WebhookSimulator(IntegrationsServer server, List<DemoIntegration> integrations, Duration interval) {
        scheduler.scheduleAtFixedRate(() -> {
            for (DemoIntegration integration : integrations) {
                if (integration.webhookEvents().isEmpty()) {
                    continue;
                }
                long n = sequence.incrementAndGet();
                String event = integration.webhookEvents().get((int) (n % integration.webhookEvents().size()));
                // Async: a failed publish (Redis down in cluster mode) must not stop the schedule.
                server.publishWebhookAsync(new IntegrationRef(DemoCatalog.PROJECT_ID, integration.id()), event, body(event, n));
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Map<String, Object> body(String event, long n) {
        return switch (event) {
            case "stripe.invoice.paid" -> Map.of("invoiceId", "in_" + n, "amountPaid", 4900, "currency", "usd");
            case "stripe.customer.created" -> Map.of("customerId", "cus_" + n, "email", "customer" + n + "@example.com");
            case "stripe.charge.refunded" -> Map.of("chargeId", "ch_" + n, "amountRefunded", 1900);
            case "twitter.tweet.created" -> Map.of("tweetId", String.valueOf(n), "text", "Webhook tweet #" + n);
            default -> Map.of("id", String.valueOf(n));
        };
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
