package io.integrationsrealtime.server.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.integrationsrealtime.protocol.ProtocolJson;
import io.integrationsrealtime.server.cluster.RoomEventBus;
import io.integrationsrealtime.server.store.ReplayLog;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The cluster {@link RoomEventBus}: one Lua script per event increments the room's counter, appends
 * to the room's stream and publishes on the events channel, so numbering, logging and fan-out are
 * one atomic, ordered step shared by every node. Each node's subscription hands the events to
 * {@link RoomFeeds}, which delivers them to local sockets in order. Nothing here blocks: every
 * call returns a stage Lettuce completes on its own I/O threads.
 */
final class RedisRoomEventBus implements RoomEventBus {

    private static final LuaScript PUBLISH = new LuaScript("publish.lua");
    private static final LuaScript SINCE = new LuaScript("since.lua");

    private final RedisAsyncCommands<String, String> redis;
    private final RedisSettings settings;
    private final Outages outages;
    private final RoomFeeds feeds = new RoomFeeds(this::fetchAfter);
    private volatile boolean started;

    RedisRoomEventBus(RedisAsyncCommands<String, String> redis, RedisSettings settings, Outages outages) {
        this.redis = redis;
        this.settings = settings;
        this.outages = outages;
    }

    @Override
    public synchronized void start(Delivery delivery) {
        if (started) {
            throw new IllegalStateException("one bus per server: this one is already started");
        }
        started = true;
        outages.onAvailabilityChange(delivery::availabilityChanged);
        feeds.start(delivery);
    }

    /** A message from the events channel. */
    void onMessage(String message) {
        LoggedEvent event = LoggedEvent.fromMessage(message);
        if (event != null) {
            feeds.onLive(event);
        }
    }

    /** The subscription is back after an interruption: fetch what was published meanwhile. */
    void onResubscribed() {
        feeds.repairAll();
    }

    @Override
    public CompletionStage<Long> publish(Publication publication) {
        // The number comes from Redis: serialise with a placeholder and let each node set the real one.
        JsonNode tree = ProtocolJson.tree(publication.payloadForSeq().apply(0));
        if (!(tree instanceof ObjectNode payload)) {
            throw new IllegalArgumentException("room event payloads are JSON objects");
        }
        payload.remove("seq");
        String room = publication.room();
        String excluded = publication.excludedSessionId() == null ? "" : publication.excludedSessionId();
        return outages.guard("publish", PUBLISH.<Long>run(redis, ScriptOutputType.INTEGER,
                new String[] {settings.sequenceKey(room), settings.logKey(room)},
                settings.eventsChannel(), room, publication.event(), payload.toString(), excluded,
                String.valueOf(settings.replayMaxEvents()), String.valueOf(settings.replayMaxAge().toMillis()),
                String.valueOf(settings.sequenceTtl().toMillis())));
    }

    @Override
    public CompletionStage<ReplayLog.Replay> since(String room, long lastSeq) {
        return read(room, lastSeq, settings.replayMaxEvents()).thenApply(read -> {
            Instant oldest = read.now.minus(settings.replayMaxAge());
            List<ReplayLog.Entry> kept = new ArrayList<>();
            for (LoggedEvent event : read.events) {
                if (!event.at().isBefore(oldest)) {
                    kept.add(event.toEntry());
                }
            }
            // Lost: events between lastSeq and the oldest kept one, or a sequence that restarted below lastSeq.
            boolean gap = lastSeq > read.head
                    || read.head > lastSeq && (kept.isEmpty() || kept.get(0).seq() > lastSeq + 1);
            return new ReplayLog.Replay(kept, gap, read.head);
        });
    }

    @Override
    public CompletionStage<Long> head(String room) {
        return read(room, Long.MAX_VALUE - 1, 0).thenApply(read -> read.head);
    }

    /** For {@link RoomFeeds}: what the log holds after {@code delivered}, oldest first. */
    private CompletionStage<List<LoggedEvent>> fetchAfter(String room, long delivered) {
        return read(room, delivered, settings.replayMaxEvents()).thenApply(read -> read.events);
    }

    private CompletableFuture<Read> read(String room, long lastSeq, int maxEvents) {
        String firstId = Long.toUnsignedString(Math.max(0, lastSeq) + 1) + "-0";
        CompletionStage<List<Object>> reply = SINCE.run(redis, ScriptOutputType.MULTI,
                new String[] {settings.sequenceKey(room), settings.logKey(room)},
                firstId, String.valueOf(maxEvents), String.valueOf(settings.sequenceTtl().toMillis()));
        return outages.guard("replay read", reply).thenApply(values -> {
            long head = Long.parseLong((String) values.get(0));
            Instant now = Instant.ofEpochMilli(Long.parseLong((String) values.get(1)));
            List<LoggedEvent> events = new ArrayList<>();
            for (Object entry : (List<?>) values.get(2)) {
                events.add(LoggedEvent.fromStream(room, (List<?>) entry));
            }
            Collections.reverse(events);   // XREVRANGE gave the newest first
            return new Read(head, now, events);
        });
    }

    private record Read(long head, Instant now, List<LoggedEvent> events) {
    }
}
