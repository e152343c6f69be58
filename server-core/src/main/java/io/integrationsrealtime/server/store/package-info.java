/**
 * Where a server keeps what outlives one request: the
 * {@link io.integrationsrealtime.server.store.ReplayLog} of each room's events, from which
 * reconnecting clients get what they missed, and the
 * {@link io.integrationsrealtime.server.store.IdempotencyStore} of execute outcomes by requestId.
 * The in-memory implementations are the defaults; the server-redis module shares both between
 * nodes. {@code docs/guarantees.md} says what they guarantee and their bounds.
 */
package io.integrationsrealtime.server.store;
