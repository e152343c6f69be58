package io.integrationsrealtime.server.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.integrationsrealtime.protocol.ProtocolJson;
import io.integrationsrealtime.protocol.Timestamps;
import io.integrationsrealtime.server.cluster.RoomEventBus;
import io.integrationsrealtime.server.store.ReplayLog;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cluster {@link RoomEventBus}: one Lua script per event increments the room's counter, appends
 * to the room's stream and publishes on the room's channel (or the single events channel), so
 * numbering, logging and fan-out are one atomic, ordered step shared by every node. A node listens
 * to a room's channel only while it has sockets there ({@link RoomChannels}); what it hears goes to
 * {@link RoomFeeds}, which delivers it to local sockets in order. Nothing here blocks: every call
 * returns a stage Lettuce completes on its own I/O threads.
 */
final class RedisRoomEventBus implements RoomEventBus {

    private static final LuaScript PUBLISH = new LuaScript("publish.lua");
    private static final LuaScript SINCE = new LuaScript("since.lua");

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisLink link;
    private final RedisSettings settings;
    private final Outages outages;
    /** This node's id: its runs are recorded under it. */
    private final String nodeId;
    private final Set<String> reaping = ConcurrentHashMap.newKeySet();
    private final RoomFeeds feeds = new RoomFeeds(this::fetchAfter, this::unserved);
    private final RoomChannels channels;
    /** Room event messages this node received (every room's with the single channel, its own rooms' otherwise). */
    private final LongAdder received = new LongAdder();
    private volatile boolean started;
    private volatile boolean closed;

    RedisRoomEventBus(RedisLink link, RedisSettings settings, Outages outages, String nodeId) {
        this.link = link;
        this.redis = link.commands();
        this.channels = new RoomChannels(link, settings);
        this.settings = settings;
        this.outages = outages;
        this.nodeId = nodeId;
    }

    @Override
    public synchronized void start(Delivery delivery) {
        if (started) {
            throw new IllegalStateException("one bus per server: this one is already started");
        }
        started = true;
        outages.onAvailabilityChange(delivery::availabilityChanged);
        feeds.start(delivery);
        channels.start(delivery);
    }

    /**
     * With room channels, listens to the room's channel from now on (the server calls it before it
     * reads a joining socket's replay); with the single channel every room is heard already.
     */
    @Override
    public CompletionStage<Void> serve(String room) {
        if (!settings.roomChannels()) {
            return CompletableFuture.completedFuture(null);
        }
        return outages.guard("subscribing to a room", channels.serve(room));
    }

    /** A room's event found nobody on this node: stop listening to it (unless someone is entering meanwhile). */
    private void unserved(String room) {
        if (settings.roomChannels()) {
            channels.release(room);
        }
    }

    /** A message from a room's channel or the events channel. */
    void onMessage(String message) {
        received.increment();
        LoggedEvent event = LoggedEvent.fromMessage(message);
        if (event != null) {
            feeds.onLive(event);
        }
    }

    /** A subscription is back after an interruption: fetch what was published meanwhile. */
    void onResubscribed(String channel) {
        String room = settings.roomOf(channel);
        if (room == null) {
            feeds.repairAll();
        } else {
            feeds.repair(room);
        }
    }

    /** Subscribes to the single events channel (with {@code roomChannels(false)}); blocking, at connect. */
    void subscribeBroadcast() throws Exception {
        link.subscribeBroadcast(settings.eventsChannel()).toCompletableFuture()
                .get(settings.commandTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
    }

    /** Room event messages received from Redis since the node connected. */
    long received() {
        return received.sum();
    }

    /** Rooms whose channel this node listens to. */
    int roomsListened() {
        return channels.size();
    }

    @Override
    public CompletionStage<Long> publish(Publication publication) {
        return publish(publication.room(), publication.event(), payloadJson(publication), publication.excludedSessionId());
    }

    /** Also records the run under this node, with its interrupted event, until its end is published. */
    @Override
    public CompletionStage<Long> publishRunStart(String runId, Publication started, Publication interrupted) {
        String record = interrupted.room() + "\n" + interrupted.event() + "\n" + payloadJson(interrupted);
        String payload = payloadJson(started);
        // The room goes on the node's list first, so that whoever reaps this node finds the run.
        String rooms = settings.runRoomsKey(nodeId);
        long ttl = settings.runningClaimTtl().toMillis();
        // Sent together (one round trip): both go to the set's master in this order.
        CompletableFuture<Long> added = redis.sadd(rooms, started.room()).toCompletableFuture();
        CompletableFuture<Boolean> expiring = redis.pexpire(rooms, ttl).toCompletableFuture();
        return outages.guard("recording a run", CompletableFuture.allOf(added, expiring))
                .thenCompose(recorded -> publish(started.room(), started.event(), payload, started.excludedSessionId(),
                        "start", settings.roomRunsKey(started.room(), nodeId), runId, record));
    }

    /**
     * Publishes nothing when another node announced the run interrupted (this node was taken for
     * dead). While Redis is unreachable the end is tried again (every second at most, for up to
     * the running-claim TTL): the room's watchers saw the run start and must see it end.
     */
    @Override
    public CompletionStage<Long> publishRunEnd(String runId, Publication ended) {
        String payload = payloadJson(ended);
        CompletableFuture<Long> published = new CompletableFuture<>();
        endRun(ended, payload, runId, published, System.nanoTime() + settings.runningClaimTtl().toNanos(), 50);
        return published;
    }

    private void endRun(Publication ended, String payload, String runId, CompletableFuture<Long> published,
                        long deadlineNanos, long delayMillis) {
        publish(ended.room(), ended.event(), payload, ended.excludedSessionId(), "end",
                settings.roomRunsKey(ended.room(), nodeId), runId, "")
                .whenComplete((seq, failure) -> {
                    if (failure == null) {
                        published.complete(seq);
                    } else if (closed || System.nanoTime() - deadlineNanos > 0) {
                        published.completeExceptionally(failure);
                    } else {
                        CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS).execute(() ->
                                endRun(ended, payload, runId, published, deadlineNanos, Math.min(delayMillis * 2, 1000)));
                    }
                });
    }

    /** The node is closing: runs still ending are announced by {@link #reap}, not retried. */
    void closing() {
        closed = true;
    }

    /**
     * Announces the unfinished runs of {@code deadNode} (a node whose lease ran out, or this one
     * closing) as failed with {@code INTERRUPTED}, each once, whichever nodes reap it at the same
     * time: the script publishes only while the run is still on record.
     */
    CompletionStage<Void> reap(String deadNode) {
        if (!reaping.add(deadNode)) {
            return CompletableFuture.completedFuture(null);
        }
        return outages.guard("reading a dead node's runs", redis.smembers(settings.runRoomsKey(deadNode)))
                .thenCompose(rooms -> {
                    List<CompletableFuture<?>> reaped = new ArrayList<>();
                    for (String room : rooms) {
                        reaped.add(reapRoom(settings.roomRunsKey(room, deadNode)));
                    }
                    return CompletableFuture.allOf(reaped.toArray(CompletableFuture[]::new));
                })
                .whenComplete((done, failure) -> reaping.remove(deadNode));
    }

    /** Announces the runs a dead node left unfinished in one room (a hash in the room's slot). */
    private CompletableFuture<Void> reapRoom(String runs) {
        return outages.guard("reading a dead node's runs", redis.hgetall(runs)).thenCompose(unfinished -> {
            List<CompletableFuture<Long>> announced = new ArrayList<>();
            String now = Timestamps.format(Timestamps.now());
            unfinished.forEach((runId, record) -> {
                String[] parts = record.split("\n", 3);
                if (parts.length == 3) {
                    ObjectNode payload = (ObjectNode) ProtocolJson.read(parts[2], JsonNode.class);
                    payload.put("timestamp", now);   // when the run was found abandoned, not when it started
                    announced.add(publish(parts[0], parts[1], payload.toString(), null, "reap", runs, runId, ""));
                }
            });
            return CompletableFuture.allOf(announced.toArray(CompletableFuture[]::new));
        });
    }

    /** The payload as JSON without its {@code seq}: the number comes from Redis, and each node sets it. */
    private static String payloadJson(Publication publication) {
        JsonNode tree = ProtocolJson.tree(publication.payloadForSeq().apply(0));
        if (!(tree instanceof ObjectNode payload)) {
            throw new IllegalArgumentException("room event payloads are JSON objects");
        }
        payload.remove("seq");
        return payload.toString();
    }

    /** @param run for a run's events: mode, the node's runs key in the room, run id, interrupted event (see publish.lua) */
    private CompletableFuture<Long> publish(String room, String event, String payloadJson, String excludedSessionId,
                                            String... run) {
        String[] keys = run.length == 0 ? new String[] {settings.sequenceKey(room), settings.logKey(room)}
                : new String[] {settings.sequenceKey(room), settings.logKey(room), run[1]};
        String[] args = new String[run.length == 0 ? 9 : 13];
        args[0] = settings.roomChannels() ? settings.roomChannel(room) : settings.eventsChannel();
        args[1] = room;
        args[2] = event;
        args[3] = payloadJson;
        args[4] = excludedSessionId == null ? "" : excludedSessionId;
        args[5] = String.valueOf(settings.replayMaxEvents());
        args[6] = String.valueOf(settings.replayMaxAge().toMillis());
        args[7] = String.valueOf(settings.sequenceTtl().toMillis());
        args[8] = link.publishCommand(settings.roomChannels());
        if (run.length > 0) {
            args[9] = run[0];
            args[10] = run[2];
            args[11] = run[3];
            args[12] = String.valueOf(settings.runningClaimTtl().toMillis());
        }
        return outages.guard("publish", PUBLISH.<Long>run(redis, ScriptOutputType.INTEGER, keys, args));
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
