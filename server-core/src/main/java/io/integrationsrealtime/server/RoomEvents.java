package io.integrationsrealtime.server;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.namespace.Namespace;
import io.integrationsrealtime.server.cluster.RoomEventBus;
import io.integrationsrealtime.server.internal.engine.ConformantEngine;
import io.integrationsrealtime.server.internal.engine.EventFanOut;
import io.integrationsrealtime.server.store.ReplayLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way events reach a room: the {@link RoomEventBus} numbers, logs and carries each event
 * (to every node, in a cluster), and this node hands it to its sockets in the room. A socket
 * entering a room gets what it missed first: until its replay is out, live events for it are
 * held under the room's lock, so it receives the room's events in sequence order. A live event
 * may repeat a replayed one (both were under way at once); its sequence number lets the client
 * drop the copy.
 */
final class RoomEvents implements RoomEventBus.Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(RoomEvents.class);

    private final SocketIONamespace namespace;
    private final RoomEventBus bus;
    private final Map<String, RoomLock> locks = new ConcurrentHashMap<>();
    /** Sockets whose replay is being fetched, per room; guarded by the room's lock. */
    private final Map<String, List<Entrant>> entering = new ConcurrentHashMap<>();
    private final Consumer<Boolean> availability;
    /** The server's Engine.IO layer, when it runs this library's (see {@link #writeThrough}). */
    private volatile ConformantEngine engine;

    RoomEvents(SocketIONamespace namespace, RoomEventBus bus, Consumer<Boolean> availability) {
        this.namespace = namespace;
        this.bus = bus;
        this.availability = availability;
        bus.start(this);
    }

    /** Lets room events go to websockets through {@code engine}'s fan-out (null: through netty-socketio's sends). */
    void writeThrough(ConformantEngine engine) {
        this.engine = engine;
    }

    /** The bus's outage or recovery, for the server's state and its observer. */
    @Override
    public void availabilityChanged(boolean available) {
        availability.accept(available);
    }

    /**
     * Publishes to {@code room} the payload made for its sequence number. Completes with that
     * payload once the event is logged, or fails (e.g. with UNAVAILABLE when a cluster's store is
     * unreachable).
     */
    <T> CompletableFuture<T> publish(String room, String event, LongFunction<T> payloadForSeq) {
        return publish(room, event, null, null, payloadForSeq);
    }

    /** The same for everyone in the room but the caller of {@code excluded}. */
    <T> CompletableFuture<T> publish(String room, String event, Call<?> excluded, LongFunction<T> payloadForSeq) {
        return publish(room, event, excluded.client(), excluded.socketId(), payloadForSeq);
    }

    /**
     * A run's started event for everyone in the room but its caller; should this node die before
     * the run's end is published, another node publishes {@code interrupted} in its place.
     */
    <T> CompletableFuture<T> publishRunStart(String room, String event, Call<?> caller, LongFunction<T> payloadForSeq,
                                             String runId, String interruptedEvent, LongFunction<?> interrupted) {
        RoomEventBus.Publication ifInterrupted = new RoomEventBus.Publication(room, interruptedEvent, interrupted, null);
        return publish(room, event, caller.client(), caller.socketId(), payloadForSeq,
                started -> bus.publishRunStart(runId, started, ifInterrupted));
    }

    /** A run's terminal event for everyone in the room but its caller (unless it was announced interrupted). */
    <T> CompletableFuture<T> publishRunEnd(String room, String event, Call<?> caller, LongFunction<T> payloadForSeq,
                                           String runId) {
        return publish(room, event, caller.client(), caller.socketId(), payloadForSeq,
                ended -> bus.publishRunEnd(runId, ended));
    }

    private <T> CompletableFuture<T> publish(String room, String event, SocketIOClient excluded, String excludedId,
                                             LongFunction<T> payloadForSeq) {
        return publish(room, event, excluded, excludedId, payloadForSeq, bus::publish);
    }

    private <T> CompletableFuture<T> publish(String room, String event, SocketIOClient excluded, String excludedId,
                                             LongFunction<T> payloadForSeq,
                                             Function<RoomEventBus.Publication, CompletionStage<Long>> via) {
        LocalPayload<T> payload = new LocalPayload<>(payloadForSeq, excluded);
        CompletableFuture<T> published = new CompletableFuture<>();
        try {
            via.apply(new RoomEventBus.Publication(room, event, payload, excludedId)).whenComplete((seq, failure) -> {
                if (failure != null) {
                    published.completeExceptionally(failure);
                } else {
                    published.complete(payload.apply(seq));
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
            SocketIOClient excluded = excludedSessionId == null ? null : namespace.getClient(UUID.fromString(excludedSessionId));
            return deliverLocked(room, entry, excluded);
        }
    }

    /** The same for an event published on this node: the excluded socket is at hand, no lookup by id. */
    @Override
    public boolean deliver(String room, ReplayLog.Entry entry, RoomEventBus.Publication publication) {
        if (!(publication.payloadForSeq() instanceof LocalPayload<?> local)) {
            return deliver(room, entry, publication.excludedSessionId());
        }
        synchronized (lock(room)) {
            return deliverLocked(room, entry, local.excluded);
        }
    }

    private boolean deliverLocked(String room, ReplayLog.Entry entry, SocketIOClient excluded) {
        // One pass over the room's sockets, each sent the event written once (EncodedEvent): not
        // netty-socketio's broadcast, which lists the room again and writes the JSON per socket.
        // Most executes happen in rooms where nobody else listens: then nothing is written at all.
        // Sockets on a websocket of this library's engine are written by their event loops, one
        // task per loop (EventFanOut); the others get the event through netty-socketio as before.
        boolean anyone = false;
        EncodedEvent encoded = null;
        EventFanOut fanOut = null;
        for (SocketIOClient member : members(room)) {
            anyone = true;
            if (excluded != null && member.getSessionId().equals(excluded.getSessionId())) {
                continue;
            }
            if (encoded == null) {
                encoded = encode(entry);
                if (encoded == null) {
                    break;
                }
                fanOut = fanOut(entry.event(), encoded);
            }
            if (fanOut == null || !fanOut.add(member)) {
                member.sendEvent(entry.event(), encoded);
            }
        }
        if (fanOut != null) {
            fanOut.send();
        }
        List<Entrant> waiting = entering.get(room);
        if (waiting != null) {
            for (Entrant entrant : waiting) {
                if (entrant.client != excluded) {
                    entrant.held.add(entry);
                }
            }
        }
        return waiting != null || anyone;
    }

    /** A fan-out of the event through the engine, or null when the server runs without it. */
    private EventFanOut fanOut(String event, EncodedEvent encoded) {
        ConformantEngine own = engine;
        return own != null && namespace instanceof Namespace served ? own.fanOut(served, event, encoded) : null;
    }

    /** The event written once; null (logged without its content) if its payload is not JSON, as no socket could get it. */
    private static EncodedEvent encode(ReplayLog.Entry entry) {
        try {
            return EncodedEvent.of(entry.event(), entry.payload());
        } catch (RuntimeException notJson) {
            LOG.warn("room event {} (seq {}) could not be written as JSON and was not sent: {}", entry.event(),
                    entry.seq(), notJson.getClass().getSimpleName());
            return null;
        }
    }

    /**
     * Puts {@code client} in {@code room}; when it says which event it saw last, first sends it
     * the events it missed, then runs {@code reply}. Fails when the log cannot be read.
     */
    CompletableFuture<Void> enter(SocketIOClient client, String roomKey, Long lastSeq, ReplyWithReplay reply) {
        Entrant entrant = new Entrant(client);
        RoomLock lock = lock(roomKey);
        // The room's one name: netty-socketio keeps the name it is given per member, and a name
        // made per request cost every joined socket a String of its own (~110 bytes).
        String room = lock.room;
        synchronized (lock) {
            entering.computeIfAbsent(room, name -> new ArrayList<>()).add(entrant);
        }
        CompletableFuture<Void> entered = new CompletableFuture<>();
        CompletionStage<ReplayLog.Replay> missed;
        try {
            // Subscribed first, read second: every event is then live, in the replay, or both.
            missed = bus.serve(room).thenCompose(subscribed -> lastSeq == null
                    ? bus.head(room).thenApply(head -> new ReplayLog.Replay(List.of(), false, head))
                    : bus.since(room, lastSeq));
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
                // Events held during the read went out above the head it saw: the reply names the
                // newest number the socket has, so a client taking it as its last seen never goes back.
                reply.send(Math.max(replay.head(), sent), lastSeq == null ? null : replay.entries().size(),
                        lastSeq == null ? null : replay.gap());
            }
            entered.complete(null);
        });
        return entered;
    }

    /** Whether a socket of this node is in the room or entering it (the bus asks before it stops carrying it). */
    @Override
    public boolean serves(String room) {
        synchronized (lock(room)) {
            return entering.containsKey(room) || members(room).iterator().hasNext();
        }
    }

    /** The room's sockets on this node, without building a broadcast when netty-socketio's own namespace is at hand. */
    private Iterable<SocketIOClient> members(String room) {
        return namespace instanceof Namespace own ? own.getRoomClients(room) : namespace.getRoomOperations(room).getClients();
    }

    /** The room's lock; the single-node bus takes the same one (LocalRoomEventBus). */
    RoomLock lock(String room) {
        RoomLock lock = locks.get(room);   // a plain read first: computeIfAbsent may lock the map's bin
        return lock != null ? lock : locks.computeIfAbsent(room, RoomLock::new);
    }

    /** A room's monitor, with the room's name as the first socket to enter or event to come named it. */
    static final class RoomLock {
        final String room;

        private RoomLock(String room) {
            this.room = room;
        }
    }

    /** A socket entering a room, and the live events that arrived while its replay was fetched. */
    private static final class Entrant {
        private final SocketIOClient client;
        private final List<ReplayLog.Entry> held = new ArrayList<>();

        private Entrant(SocketIOClient client) {
            this.client = client;
        }
    }

    /**
     * A publication's payload as this node made it: built once per sequence number (the bus logs
     * it, the publisher gets the same object back), with the socket to leave out at hand.
     */
    private static final class LocalPayload<T> implements LongFunction<T> {
        private final LongFunction<T> build;
        private final SocketIOClient excluded;
        /** The last payload built; a cluster bus may build once with a placeholder, then with the real number. */
        private volatile Built<T> last;

        private LocalPayload(LongFunction<T> build, SocketIOClient excluded) {
            this.build = build;
            this.excluded = excluded;
        }

        @Override
        public T apply(long seq) {
            Built<T> built = last;
            if (built == null || built.seq != seq) {
                built = new Built<>(seq, build.apply(seq));
                last = built;
            }
            return built.payload;
        }

        private record Built<T>(long seq, T payload) {
        }
    }

    /** Sends the caller's reply once the replay (if any) is out. */
    @FunctionalInterface
    interface ReplyWithReplay {
        void send(long head, Integer replayed, Boolean gap);
    }
}
