package io.integrationsrealtime.server;

import io.integrationsrealtime.server.cluster.RoomEventBus;
import io.integrationsrealtime.server.store.ReplayLog;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The single-node {@link RoomEventBus}: numbers and logs events in a {@link ReplayLog} and delivers
 * them right away, on the publishing thread. Every stage it returns is already complete.
 */
final class LocalRoomEventBus implements RoomEventBus {

    private final ReplayLog log;
    private final Map<String, Object> ownLocks = new ConcurrentHashMap<>();
    private volatile Delivery delivery;
    /**
     * The room locks: server-core's own delivery's, when it is the delivery, so that numbering,
     * logging and handing out take one monitor, which the delivery then re-enters, instead of two.
     */
    private volatile Function<String, Object> locks = room -> ownLocks.computeIfAbsent(room, name -> new Object());

    LocalRoomEventBus(ReplayLog log) {
        this.log = log;
    }

    @Override
    public void start(Delivery delivery) {
        this.delivery = delivery;
        if (delivery instanceof RoomEvents roomEvents) {
            this.locks = roomEvents::lock;
        }
    }

    @Override
    public CompletionStage<Long> publish(Publication publication) {
        String room = publication.room();
        // One lock per room from numbering to delivery: sockets receive a room's events in order.
        synchronized (locks.apply(room)) {
            long seq = log.nextSeq(room);
            ReplayLog.Entry entry = new ReplayLog.Entry(seq, publication.event(),
                    publication.payloadForSeq().apply(seq), Instant.now());
            log.append(room, entry);
            delivery.deliver(room, entry, publication);
            return CompletableFuture.completedFuture(seq);
        }
    }

    @Override
    public CompletionStage<ReplayLog.Replay> since(String room, long lastSeq) {
        return CompletableFuture.completedFuture(log.since(room, lastSeq));
    }

    @Override
    public CompletionStage<Long> head(String room) {
        return CompletableFuture.completedFuture(log.head(room));
    }
}
