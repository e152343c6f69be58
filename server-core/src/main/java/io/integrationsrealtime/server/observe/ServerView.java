package io.integrationsrealtime.server.observe;

/**
 * A server's current state and sizes, read when asked (e.g. by a gauge at scrape time): nothing is
 * counted on the request path for it. Safe from any thread; every answer is a snapshot that may
 * change right after.
 */
public interface ServerView {

    /**
     * Where the server is in its life.
     *
     * @return the state now
     */
    ServerState state();

    /**
     * Whether the cluster backplane (the {@code RoomEventBus}, e.g. server-redis) is reachable.
     * Always true for a single node without one.
     *
     * @return false from the moment the bus reported an outage until it reported recovery
     */
    boolean backplaneAvailable();

    /**
     * Sockets connected to the server's namespace on this node, authenticated or still
     * authenticating.
     *
     * @return the number of sockets
     */
    int connections();

    /**
     * Room memberships on this node: sockets in integration rooms plus sockets in webhook mirrors
     * (a socket in three rooms counts three times). Counted by walking the rooms, so read it at
     * scrape intervals, not per request.
     *
     * @return the number of memberships
     */
    int roomMemberships();

    /**
     * Executes and tests whose host call has started and not yet ended, on this node.
     *
     * @return the number of runs
     */
    int runsInFlight();
}
