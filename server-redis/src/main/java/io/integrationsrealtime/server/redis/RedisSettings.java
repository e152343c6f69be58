package io.integrationsrealtime.server.redis;

import java.time.Duration;

/** The options of a {@link RedisBackplane}, as its parts read them. */
record RedisSettings(
        String keyPrefix,
        int replayMaxEvents,
        Duration replayMaxAge,
        Duration sequenceTtl,
        Duration idempotencyWindow,
        Duration runningClaimTtl,
        Duration nodeLease,
        Duration commandTimeout,
        boolean roomChannels) {

    /**
     * A room's sequence counter: {@code <prefix>{<room>}:seq}, the room being server-core's key of
     * it ({@code project:<projectId>:integration:<integrationId>[:webhooks]}); the braces keep a
     * room's keys in one cluster slot.
     */
    String sequenceKey(String room) {
        return keyPrefix + "{" + room + "}:seq";
    }

    /** A room's replay log, a stream: {@code <prefix>{<room>}:log}. */
    String logKey(String room) {
        return keyPrefix + "{" + room + "}:log";
    }

    /** One execute's claim and outcome, by the hash of its idempotency key: {@code <prefix>idem:<sha-256>}. */
    String idempotencyKey(String hashedKey) {
        return keyPrefix + "idem:" + hashedKey;
    }

    /** Every node's lease: a sorted set of node ids by the end of their lease in ms. */
    String nodesKey() {
        return keyPrefix + "nodes";
    }

    /**
     * A node's unfinished runs in one room: a hash of run id -> the event announcing it interrupted,
     * {@code <prefix>{<room>}:runs:<node>}, in the room's slot so that publish.lua keeps it with the
     * room's counter and log.
     */
    String roomRunsKey(String room, String nodeId) {
        return keyPrefix + "{" + room + "}:runs:" + nodeId;
    }

    /** The rooms where a node started runs (a set), for reaping them when it dies: {@code <prefix>runs:<node>}. */
    String runRoomsKey(String nodeId) {
        return keyPrefix + "runs:" + nodeId;
    }

    /** The single channel of {@code roomChannels(false)}: every room's events, to every node. */
    String eventsChannel() {
        return keyPrefix + "events";
    }

    /** A room's own channel, {@code <prefix>{<room>}:events}: the room's hash tag, so its slot is its keys'. */
    String roomChannel(String room) {
        return keyPrefix + "{" + room + "}:events";
    }

    /** The room of a {@link #roomChannel}, or null for another channel. */
    String roomOf(String channel) {
        String start = keyPrefix + "{";
        String end = "}:events";
        if (channel.startsWith(start) && channel.endsWith(end) && channel.length() > start.length() + end.length()) {
            return channel.substring(start.length(), channel.length() - end.length());
        }
        return null;
    }
}
