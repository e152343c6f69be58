package io.integrationsrealtime.server;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import io.integrationsrealtime.server.store.ReplayLog;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * The one way events reach a room: each gets the room's next sequence number, is logged for
 * replay, then broadcast. A socket entering a room gets what it missed under the same per-room
 * lock, so replayed and live events reach it in sequence order, never interleaved.
 */
final class RoomEvents {

    private final SocketIONamespace namespace;
    private final ReplayLog log;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    RoomEvents(SocketIONamespace namespace, ReplayLog log) {
        this.namespace = namespace;
        this.log = log;
    }

    /**
     * Publishes to {@code room} (except {@code excluded}, if not null) the payload made for its
     * sequence number, and returns that payload.
     */
    <T> T publish(String room, String event, SocketIOClient excluded, LongFunction<T> payloadForSeq) {
        synchronized (lock(room)) {
            long seq = log.nextSeq(room);
            T payload = payloadForSeq.apply(seq);
            log.append(room, new ReplayLog.Entry(seq, event, payload, Instant.now()));
            if (excluded == null) {
                namespace.getRoomOperations(room).sendEvent(event, payload);
            } else {
                namespace.getRoomOperations(room).sendEvent(event, excluded, payload);
            }
            return payload;
        }
    }

    /**
     * Puts {@code client} in {@code room}; when it says which event it saw last, sends it the
     * events it missed, then runs {@code reply} (still in order: no live event slips in between).
     */
    void enter(SocketIOClient client, String room, Long lastSeq, ReplyWithReplay reply) {
        synchronized (lock(room)) {
            client.joinRoom(room);
            if (lastSeq == null) {
                reply.send(log.head(room), null, null);
                return;
            }
            ReplayLog.Replay replay = log.since(room, lastSeq);
            for (ReplayLog.Entry entry : replay.entries()) {
                client.sendEvent(entry.event(), entry.payload());
            }
            reply.send(replay.head(), replay.entries().size(), replay.gap());
        }
    }

    private Object lock(String room) {
        return locks.computeIfAbsent(room, name -> new Object());
    }

    /** Sends the caller's reply once the replay (if any) is out. */
    @FunctionalInterface
    interface ReplyWithReplay {
        void send(long head, Integer replayed, Boolean gap);
    }
}
