package io.integrationsrealtime.client;

import io.integrationsrealtime.protocol.WebhookReceived;

/** Receives the inbound webhooks of an integration mirrored by the server. */
@FunctionalInterface
public interface WebhookListener {

    /**
     * Called on the client's callback executor, in arrival order, once per webhook (replayed ones
     * after a reconnect included, duplicates dropped).
     *
     * @param webhook the provider's event type and body, as the host published them
     */
    void onWebhook(WebhookReceived webhook);
}
