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
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's webhook ingress, as a host would write it (docs/webhooks.md quotes it, and
 * WebhookDocSnippetTest keeps the two the same): {@code POST /webhooks/<integrationId>} with a
 * Stripe-style signed JSON body {@code {"id":"evt_...","type":"stripe.invoice.paid","data":{...}}}
 * is verified with that integration's own secret, deduplicated by its {@code id}, then mirrored
 * to the subscribers of that integration in its project. Mounted at {@code /webhooks/} of the
 * {@link DemoHttpServer}.
 */
final class DemoWebhookEndpoint implements HttpHandler {

    /** The demo's signing secret of its Stripe-like integration (docs/webhooks.md's curl example uses it). */
    static final String SECRET = "whsec_demo_stripe_secret";
    /** One secret per integration, as providers issue them; a real host keeps them in its own store. */
    private static final Map<String, String> DEMO_SECRETS = Map.of(
            DemoCatalog.PAYMENTS_ID, SECRET,
            DemoCatalog.TWEETS_ID, "whsec_demo_twitter_secret");

    // [webhook-endpoint]
    /** Where a webhook for one integration goes: the integration in its project, and a verifier of its own secret. */
    record Route(IntegrationRef integration, WebhookVerifier verifier) {
    }

    /** Refused above this, never cut: a truncated body cannot verify, and memory stays bounded. */
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(DemoWebhookEndpoint.class);

    private final IntegrationsServer server;
    /** Integration id from the path -> its route, or null when the host has no such integration. */
    private final Function<String, Route> routes;
    private final WebhookDeduplicator deduplicator = new WebhookDeduplicator();

    DemoWebhookEndpoint(IntegrationsServer server, Function<String, Route> routes) {
        this.server = server;
        this.routes = routes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "{\"error\":\"use POST\"}");
                return;
            }
            // The path names the integration; its project and secret come from the host's records, never from the request.
            String integrationId = exchange.getRequestURI().getPath().substring("/webhooks/".length());
            Route route = RequestRules.isId(integrationId) ? routes.apply(integrationId) : null;
            if (route == null) {
                respond(exchange, 404, "{\"error\":\"unknown integration\"}");
                return;
            }
            byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                respond(exchange, 413, "{\"error\":\"body larger than " + MAX_BODY_BYTES + " bytes\"}");
                return;
            }
            Event event;
            try {
                VerifiedWebhook webhook = route.verifier().verify(exchange.getRequestHeaders()::getFirst, body);
                event = Event.parse(webhook.bodyText());
            } catch (WebhookVerificationException refused) {
                log.info("webhook for {} refused: {}", integrationId, refused.reason());   // no secret in it
                respond(exchange, 400, "{\"error\":\"" + refused.reason() + "\"}");
                return;
            }
            if (event == null) {
                respond(exchange, 400, "{\"error\":\"body needs string id and type, and an object data\"}");
                return;
            }
            // Event ids are each sender's own: one tenant's deliveries must not use up another's ids.
            String deliveryKey = route.integration().projectId() + '/' + route.integration().integrationId() + '/' + event.id();
            if (!deduplicator.firstDelivery(deliveryKey)) {
                respond(exchange, 200, "{\"mirrored\":false,\"reason\":\"duplicate delivery\"}");
                return;
            }
            try {
                server.publishWebhook(route.integration(), event.type(), event.data());
            } catch (IllegalArgumentException badType) {
                deduplicator.forget(deliveryKey);   // not mirrored: the provider's corrected retry must be
                respond(exchange, 400, "{\"error\":\"type must be a webhook event name such as stripe.invoice.paid\"}");
                return;
            } catch (IntegrationFailure unavailable) {
                deduplicator.forget(deliveryKey);   // cluster mode with Redis unreachable: the provider retries later
                respond(exchange, 503, "{\"error\":\"temporarily unavailable\"}");
                return;
            }
            respond(exchange, 200, "{\"mirrored\":true}");
        }
    }

    /** What the endpoint reads from a Stripe-style body. */
    record Event(String id, String type, Map<String, Object> data) {

        /** The body's fields; null unless it is a JSON object with a string id and type and an object data. */
        @SuppressWarnings("unchecked")
        static Event parse(String body) {
            Map<String, Object> json;
            try {
                json = ProtocolJson.mapper().readValue(body, new TypeReference<>() { });
            } catch (IOException notAnObject) {
                return null;
            }
            if (json != null && json.get("id") instanceof String id && json.get("type") instanceof String type
                    && json.getOrDefault("data", Map.of()) instanceof Map<?, ?> data) {
                return new Event(id, type, (Map<String, Object>) data);
            }
            return null;
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
    // [webhook-endpoint]

    /** The demo's routes: its integrations that send webhooks, in its one project, each with its own secret. */
    static Function<String, Route> demoRoutes() {
        Map<String, Route> routes = new java.util.HashMap<>();
        DEMO_SECRETS.forEach((integrationId, secret) -> routes.put(integrationId, new Route(
                new IntegrationRef(DemoCatalog.PROJECT_ID, integrationId), WebhookVerifier.stripe().secret(secret).build())));
        return Map.copyOf(routes)::get;
    }
}
