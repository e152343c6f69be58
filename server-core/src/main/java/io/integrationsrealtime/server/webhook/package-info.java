/**
 * Verifying inbound provider webhooks before mirroring them with
 * {@code IntegrationsServer.publishWebhook}: {@link io.integrationsrealtime.server.webhook.WebhookVerifier}
 * checks the signature and timestamp (Stripe-style or Standard Webhooks),
 * {@link io.integrationsrealtime.server.webhook.WebhookDeduplicator} drops retried deliveries, and
 * {@link io.integrationsrealtime.server.webhook.WebhookSigner} signs test and demo requests.
 * Nothing here does I/O; the host owns the HTTP endpoint. See {@code docs/webhooks.md}.
 */
package io.integrationsrealtime.server.webhook;
