package io.integrationsrealtime.server;

import io.integrationsrealtime.protocol.Rooms;
import io.integrationsrealtime.server.spi.IntegrationRef;

/**
 * The server's own names of rooms: {@code project:<projectId>:} before the wire name, so that two
 * projects whose integrations share an id (a host's ids may be unique per project only) never
 * share a room, a sequence or a replay log, on one node or in a cluster's store. Clients never see
 * these keys; replies name rooms as the protocol does ({@link Rooms}: {@code integration:<id>}).
 */
final class RoomKeys {

    /** What every room key of this server starts with. */
    static final String PREFIX = "project:";

    private RoomKeys() {
    }

    /** The integration's room: {@code project:<projectId>:integration:<integrationId>}. */
    static String integration(IntegrationRef ref) {
        return PREFIX + ref.projectId() + ':' + Rooms.integration(ref.integrationId());
    }

    /** The integration's webhook mirror: {@code project:<projectId>:integration:<integrationId>:webhooks}. */
    static String webhooks(IntegrationRef ref) {
        return PREFIX + ref.projectId() + ':' + Rooms.webhooks(ref.integrationId());
    }
}
