package io.integrationsrealtime.examples;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.integrationsrealtime.protocol.ProtocolJson;
import io.integrationsrealtime.protocol.RequestRules;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import io.integrationsrealtime.server.spi.IntegrationRef;
import io.integrationsrealtime.server.webhook.VerifiedWebhook;
import io.integrationsrealtime.server.webhook.WebhookDeduplicator;
import io.integrationsrealtime.server.webhook.WebhookVerificationException;
import io.integrationsrealtime.server.webhook.WebhookVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's webhook ingress, as a host would write it: {@code POST /webhooks/<integrationId>}
 * with a Stripe-style signed JSON body {@code {"id":"evt_...","type":"stripe.invoice.paid",
 * "data":{...}}} is verified, deduplicated by its {@code id}, then mirrored to subscribers.
 * Mounted at {@code /webhooks/} of the {@link DemoHttpServer}.
 */
final class DemoWebhookEndpoint implements HttpHandler {

    /** The demo's signing secret; a real host reads its provider's secret from configuration. */
    static final String SECRET = "whsec_demo_stripe_secret";
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(DemoWebhookEndpoint.class);

    private final IntegrationsServer server;
    private final Set<String> integrationIds;
    private final WebhookVerifier verifier = WebhookVerifier.stripe().secret(SECRET).build();
    private final WebhookDeduplicator deduplicator = new WebhookDeduplicator();

    DemoWebhookEndpoint(IntegrationsServer server, Set<String> integrationIds) {
        this.server = server;
        this.integrationIds = Set.copyOf(integrationIds);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "{\"error\":\"use POST\"}");
                return;
            }
            String integrationId = exchange.getRequestURI().getPath().substring("/webhooks/".length());
            if (!RequestRules.ID.matcher(integrationId).matches() || !integrationIds.contains(integrationId)) {
                respond(exchange, 404, "{\"error\":\"unknown integration\"}");
                return;
            }
            byte[] body = readBounded(exchange.getRequestBody());
            if (body == null) {
                respond(exchange, 413, "{\"error\":\"body larger than " + MAX_BODY_BYTES + " bytes\"}");
                return;
            }
            VerifiedWebhook webhook;
            try {
                webhook = verifier.verify(exchange.getRequestHeaders()::getFirst, body);
            } catch (WebhookVerificationException refused) {
                log.info("webhook for {} refused: {}", integrationId, refused.reason());
                respond(exchange, 400, "{\"error\":\"" + refused.reason() + "\"}");
                return;
            }
            Map<String, Object> json;
            try {
                json = ProtocolJson.mapper().readValue(webhook.bodyText(), new TypeReference<Map<String, Object>>() { });
            } catch (IOException | RuntimeException notJson) {
                respond(exchange, 400, "{\"error\":\"body must be a JSON object\"}");
                return;
            }
            if (!(json.get("id") instanceof String id) || !(json.get("type") instanceof String type)
                    || !(json.getOrDefault("data", Map.of()) instanceof Map<?, ?> data)) {
                respond(exchange, 400, "{\"error\":\"body needs string id and type, and an object data\"}");
                return;
            }
            if (!deduplicator.firstDelivery(id)) {
                respond(exchange, 200, "{\"mirrored\":false,\"reason\":\"duplicate delivery\"}");
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> payload = (Map<String, Object>) data;
            // Not mirrored: forget the id, or the provider's retry would be taken for a duplicate.
            try {
                server.publishWebhook(new IntegrationRef(DemoCatalog.PROJECT_ID, integrationId), type, payload);
            } catch (IllegalArgumentException badType) {
                deduplicator.forget(id);
                respond(exchange, 400, "{\"error\":\"type must be a webhook event name such as stripe.invoice.paid\"}");
                return;
            } catch (IntegrationFailure unavailable) {
                // Cluster mode with Redis unreachable: the provider retries later.
                deduplicator.forget(id);
                respond(exchange, 503, "{\"error\":\"temporarily unavailable\"}");
                return;
            }
            respond(exchange, 200, "{\"mirrored\":true}");
        }
    }

    /** The body, or {@code null} when it is larger than the limit. */
    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
