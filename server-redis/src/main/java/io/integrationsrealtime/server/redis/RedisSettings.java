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
        Duration commandTimeout) {

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

    /** A node's unfinished runs: a hash of run id -> the event announcing it interrupted. */
    String runsKey(String nodeId) {
        return keyPrefix + "runs:" + nodeId;
    }

    /** The channel every node listens on for every room's events. */
    String eventsChannel() {
        return keyPrefix + "events";
    }
}
