package io.integrationsrealtime.protocol;

/**
 * Room names as the protocol shows them (the {@code room} of a {@link RoomMembership}), derived
 * from ids in one place.
 */
public final class Rooms {

    /** What every room name of this protocol starts with. */
    public static final String PREFIX = "integration:";

    private Rooms() {
    }

    /**
     * The room of an integration: everyone who joined sees its activity and usage.
     *
     * @param integrationId the integration's id (not checked)
     * @return {@code integration:<integrationId>}
     */
    public static String integration(String integrationId) {
        return PREFIX + integrationId;
    }

    /**
     * The webhook mirror of an integration: only sockets that subscribed are in it.
     *
     * @param integrationId the integration's id (not checked)
     * @return {@code integration:<integrationId>:webhooks}
     */
    public static String webhooks(String integrationId) {
        return PREFIX + integrationId + ":webhooks";
    }
}
