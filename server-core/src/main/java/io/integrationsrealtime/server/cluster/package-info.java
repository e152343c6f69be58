/**
 * The seam for running several nodes as one server:
 * {@link io.integrationsrealtime.server.cluster.RoomEventBus} numbers, logs and carries room events
 * between nodes. The server-redis module implements it; {@code docs/scaling.md} describes how.
 */
package io.integrationsrealtime.server.cluster;
