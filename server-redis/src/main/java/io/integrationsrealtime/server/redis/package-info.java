/**
 * Scale-out through Redis: {@link io.integrationsrealtime.server.redis.RedisBackplane} links a
 * node to the Redis that N server-core nodes share (one instance, a Sentinel-managed master or a
 * Redis Cluster), giving each node's server a room event bus (shared numbering, replay log, and
 * fan-out on per-room channels to the nodes serving each room) and an idempotency store. Built on Lettuce; nothing
 * here blocks a netty event loop. {@code docs/scaling.md} describes the keys, their expiry, and
 * what happens while Redis is unavailable.
 */
package io.integrationsrealtime.server.redis;
