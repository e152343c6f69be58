package io.integrationsrealtime.protocol;

/** Room names, derived from ids in one place. */
public final class Rooms {

    /** What every room name of this protocol starts with. */
    public static final String PREFIX = "integration:";

    private Rooms() {
    }

    /** The room of an integration: everyone who joined sees its activity and usage. */
    public static String integration(String integrationId) {
        return PREFIX + integrationId;
    }

    /** The webhook mirror of an integration: only sockets that subscribed are in it. */
    public static String webhooks(String integrationId) {
        return PREFIX + integrationId + ":webhooks";
    }
}
