package io.integrationsrealtime.client;

import io.integrationsrealtime.protocol.WebhookReceived;

/** Receives the inbound webhooks of an integration mirrored by the server. */
@FunctionalInterface
public interface WebhookListener {

    /** Called on the client's callback executor, in arrival order. */
    void onWebhook(WebhookReceived webhook);
}
