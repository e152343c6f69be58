package io.integrationsrealtime.client;

import io.integrationsrealtime.client.internal.ClientLogger;
import io.integrationsrealtime.client.internal.ClientLogger.Level;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.RoomMembership;
import io.integrationsrealtime.protocol.WebhookReceived;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The webhook listeners of one integration handle, reference-counted onto one server
 * subscription: the first listener subscribes, closing the last one unsubscribes. Listeners that
 * wait for a subscribe that fails are removed again, so a failed or timed-out subscribe leaves
 * nothing behind. After a reconnect the {@link RoomKeeper} restores the subscription.
 */
final class WebhookSubscriptions {

    private static final ClientLogger LOG = ClientLogger.of(WebhookSubscriptions.class);

    private final RoomKeeper mirror;
    private final Supplier<CompletableFuture<RoomMembership>> unsubscribe;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    /** The subscribe in flight or confirmed; null while unsubscribed. Guarded by {@code this}. */
    private CompletableFuture<RoomMembership> current;

    /**
     * @param mirror      sends the subscribes (the app's, and those restoring it after a reconnect)
     * @param unsubscribe sends the unsubscribe
     */
    WebhookSubscriptions(RoomKeeper mirror, Supplier<CompletableFuture<RoomMembership>> unsubscribe) {
        this.mirror = mirror;
        this.unsubscribe = unsubscribe;
    }

    CompletableFuture<Subscription> add(WebhookListener listener) {
        Entry entry = new Entry(Objects.requireNonNull(listener, "listener"));
        CompletableFuture<RoomMembership> confirmation;
        synchronized (this) {
            entries.add(entry);
            // A subscription refused for good after a reconnect is tried again for a new listener.
            if (current == null || mirror.gaveUp()) {
                current = mirror.request();
            }
            confirmation = current;
        }
        CompletableFuture<Subscription> result = new CompletableFuture<>();
        confirmation.whenComplete((membership, error) -> {
            if (error == null) {
                result.complete(entry);
            } else {
                Throwable cause = Futures.unwrap(error);
                removeAfterFailure(entry, confirmation, cause);
                result.completeExceptionally(cause);
            }
        });
        return result;
    }

    /** Delivers a webhook to every listener. */
    void dispatch(WebhookReceived webhook) {
        for (Entry entry : entries) {
            try {
                entry.listener.onWebhook(webhook);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "webhook listener threw; ignored", e);
            }
        }
    }

    /** After a reconnect the server has forgotten the subscription: send it again. */
    void restore() {
        mirror.reconnected();
    }

    int size() {
        return entries.size();
    }

    private void removeAfterFailure(Entry entry, CompletableFuture<RoomMembership> failed, Throwable cause) {
        boolean tearDown;
        synchronized (this) {
            entries.remove(entry);
            if (current == failed) {
                current = null;
            }
            // Without an ack the server may still have subscribed us: undo it if nobody wants it.
            tearDown = entries.isEmpty() && current == null
                    && cause instanceof IntegrationException e && e.code() == ErrorCode.ACK_TIMEOUT;
        }
        if (tearDown) {
            sendUnsubscribe();
        }
    }

    private void removeByClose(Entry entry) {
        boolean last;
        synchronized (this) {
            last = entries.remove(entry) && entries.isEmpty() && current != null;
            if (last) {
                current = null;
                mirror.abandon();
            }
        }
        if (last) {
            sendUnsubscribe();
        }
    }

    private void sendUnsubscribe() {
        unsubscribe.get().whenComplete((membership, error) -> {
            // After a disconnect the server dropped the subscription anyway.
            if (error != null && !(Futures.unwrap(error) instanceof IntegrationException e && e.code() == ErrorCode.DISCONNECTED)) {
                LOG.log(Level.INFO, "webhook unsubscribe failed: " + Futures.unwrap(error).getMessage());
            }
        });
    }

    private final class Entry implements Subscription {
        private final WebhookListener listener;

        private Entry(WebhookListener listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            removeByClose(this);
        }
    }
}
