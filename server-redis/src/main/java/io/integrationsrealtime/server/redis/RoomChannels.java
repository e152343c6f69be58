package io.integrationsrealtime.server.redis;

import io.integrationsrealtime.server.cluster.RoomEventBus;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Which rooms' channels this node listens to: a room's channel from the moment a local socket
 * enters the room ({@link #serve}) until an event of the room finds nobody here ({@link #release}),
 * so a node hears only the rooms it serves. Subscribing and unsubscribing a room are ordered by
 * this object's lock; the server's own answer ({@link RoomEventBus.Delivery#serves}) is asked again
 * under it before a room is let go, so a socket entering meanwhile keeps it.
 */
final class RoomChannels {

    private final RedisLink link;
    private final RedisSettings settings;
    /** Rooms listened to -> the subscription, completed once Redis confirmed it. Guarded by this. */
    private final Map<String, CompletableFuture<Void>> rooms = new HashMap<>();
    private volatile RoomEventBus.Delivery delivery;

    RoomChannels(RedisLink link, RedisSettings settings) {
        this.link = link;
        this.settings = settings;
    }

    void start(RoomEventBus.Delivery delivery) {
        this.delivery = delivery;
    }

    /** Listens to the room's channel (if not yet); completes once its events reach this node. */
    synchronized CompletionStage<Void> serve(String room) {
        CompletableFuture<Void> subscribed = rooms.get(room);
        if (subscribed == null || subscribed.isCompletedExceptionally()) {
            CompletableFuture<Void> fresh = link.subscribe(settings.roomChannel(room)).toCompletableFuture();
            rooms.put(room, fresh);
            fresh.whenComplete((done, failure) -> {
                if (failure != null) {
                    forget(room, fresh);   // the next entrant subscribes again
                }
            });
            subscribed = fresh;
        }
        return subscribed;
    }

    private synchronized void forget(String room, CompletableFuture<Void> subscription) {
        rooms.remove(room, subscription);
    }

    /** Stops listening to the room unless a socket of this node is in it or entering it. */
    synchronized void release(String room) {
        RoomEventBus.Delivery server = delivery;
        if (server == null || server.serves(room)) {
            return;
        }
        if (rooms.remove(room) != null) {
            link.unsubscribe(settings.roomChannel(room));
        }
    }

    /** Rooms listened to (for tests and metrics). */
    synchronized int size() {
        return rooms.size();
    }
}
