package io.integrationsrealtime.server;

import com.corundumstudio.socketio.BroadcastOperations;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import io.integrationsrealtime.server.cluster.RoomEventBus;
import io.integrationsrealtime.server.store.ReplayLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * The one way events reach a room: the {@link RoomEventBus} numbers, logs and carries each event
 * (to every node, in a cluster), and this node hands it to its sockets in the room. A socket
 * entering a room gets what it missed first: until its replay is out, live events for it are
 * held under the room's lock, so it receives the room's events in sequence order. A live event
 * may repeat a replayed one (both were under way at once); its sequence number lets the client
 * drop the copy.
 */
final class RoomEvents implements RoomEventBus.Delivery {

    private final SocketIONamespace namespace;
    private final RoomEventBus bus;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /** Sockets whose replay is being fetched, per room; guarded by the room's lock. */
    private final Map<String, List<Entrant>> entering = new ConcurrentHashMap<>();

    RoomEvents(SocketIONamespace namespace, RoomEventBus bus) {
        this.namespace = namespace;
        this.bus = bus;
        bus.start(this);
    }

    /**
     * Publishes to {@code room} (except {@code excluded}, if not null) the payload made for its
     * sequence number. Completes with that payload once the event is logged, or fails (e.g. with
     * UNAVAILABLE when a cluster's store is unreachable).
     */
    <T> CompletableFuture<T> publish(String room, String event, SocketIOClient excluded, LongFunction<T> payloadForSeq) {
        String excludedId = excluded == null ? null : excluded.getSessionId().toString();
        CompletableFuture<T> published = new CompletableFuture<>();
        try {
            bus.publish(new RoomEventBus.Publication(room, event, payloadForSeq, excludedId)).whenComplete((seq, failure) -> {
                if (failure != null) {
                    published.completeExceptionally(failure);
                } else {
                    published.complete(payloadForSeq.apply(seq));
                }
            });
        } catch (RuntimeException e) {
            published.completeExceptionally(e);
        }
        return published;
    }

    /** Hands one event to this node's sockets in the room, and holds it for those still entering. */
    @Override
    public boolean deliver(String room, ReplayLog.Entry entry, String excludedSessionId) {
        synchronized (lock(room)) {
            BroadcastOperations members = namespace.getRoomOperations(room);
            SocketIOClient excluded = excludedSessionId == null ? null : namespace.getClient(UUID.fromString(excludedSessionId));
            if (excluded == null) {
                members.sendEvent(entry.event(), entry.payload());
            } else {
                members.sendEvent(entry.event(), excluded, entry.payload());
            }
            List<Entrant> waiting = entering.get(room);
            if (waiting != null) {
                for (Entrant entrant : waiting) {
                    if (entrant.client != excluded) {
                        entrant.held.add(entry);
                    }
                }
            }
            return waiting != null || !members.getClients().isEmpty();
        }
    }

    /**
     * Puts {@code client} in {@code room}; when it says which event it saw last, first sends it
     * the events it missed, then runs {@code reply}. Fails when the log cannot be read.
     */
    CompletableFuture<Void> enter(SocketIOClient client, String room, Long lastSeq, ReplyWithReplay reply) {
        Entrant entrant = new Entrant(client);
        synchronized (lock(room)) {
            entering.computeIfAbsent(room, name -> new ArrayList<>()).add(entrant);
        }
        CompletableFuture<Void> entered = new CompletableFuture<>();
        CompletionStage<ReplayLog.Replay> missed;
        try {
            missed = lastSeq == null
                    ? bus.head(room).thenApply(head -> new ReplayLog.Replay(List.of(), false, head))
                    : bus.since(room, lastSeq);
        } catch (RuntimeException e) {
            missed = CompletableFuture.failedFuture(e);
        }
        missed.whenComplete((replay, failure) -> {
            synchronized (lock(room)) {
                List<Entrant> waiting = entering.get(room);
                waiting.remove(entrant);
                if (waiting.isEmpty()) {
                    entering.remove(room);
                }
                if (failure != null) {
                    entered.completeExceptionally(failure);
                    return;
                }
                long sent = lastSeq == null ? replay.head() : lastSeq;
                for (ReplayLog.Entry entry : replay.entries()) {
                    client.sendEvent(entry.event(), entry.payload());
                    sent = Math.max(sent, entry.seq());
                }
                for (ReplayLog.Entry entry : entrant.held) {
                    if (entry.seq() > sent) {
                        client.sendEvent(entry.event(), entry.payload());
                        sent = entry.seq();
                    }
                }
                if (client.isChannelOpen()) {   // a socket gone meanwhile must not be left in the room
                    client.joinRoom(room);
                }
                reply.send(replay.head(), lastSeq == null ? null : replay.entries().size(),
                        lastSeq == null ? null : replay.gap());
            }
            entered.complete(null);
        });
        return entered;
    }

    private Object lock(String room) {
        return locks.computeIfAbsent(room, name -> new Object());
    }

    /** A socket entering a room, and the live events that arrived while its replay was fetched. */
    private static final class Entrant {
        private final SocketIOClient client;
        private final List<ReplayLog.Entry> held = new ArrayList<>();

        private Entrant(SocketIOClient client) {
            this.client = client;
        }
    }

    /** Sends the caller's reply once the replay (if any) is out. */
    @FunctionalInterface
    interface ReplyWithReplay {
        void send(long head, Integer replayed, Boolean gap);
    }
}
