package io.integrationsrealtime.protocol;

/**
 * Every event name of the protocol, one constant each, grouped by flow.
 *
 * <p>Requests go from client to server and may carry a Socket.IO acknowledgement; when they do,
 * the caller's outcome arrives in the ack instead of as a caller event. Everything else goes from
 * server to client. {@code docs/protocol.md} says who receives each event.
 */
public final class Events {

    private Events() {
    }

    // Join / leave
    public static final String JOIN = "integration:join";
    public static final String JOINED = "integration:joined";
    public static final String LEAVE = "integration:leave";
    public static final String LEFT = "integration:left";

    // Execute
    public static final String EXECUTE = "integration:execute";
    public static final String EXECUTION_STARTED = "integration:execution:started";
    public static final String EXECUTION_COMPLETED = "integration:execution:completed";
    public static final String EXECUTION_FAILED = "integration:execution:failed";

    // Test (health check)
    public static final String TEST = "integration:test";
    public static final String TEST_STARTED = "integration:test:started";
    public static final String TEST_COMPLETED = "integration:test:completed";
    public static final String TEST_FAILED = "integration:test:failed";

    // Status
    public static final String STATUS = "integration:status";
    public static final String STATUS_RESPONSE = "integration:status:response";

    // Webhook mirror
    public static final String WEBHOOK_SUBSCRIBE = "integration:webhook:subscribe";
    public static final String WEBHOOK_SUBSCRIBED = "integration:webhook:subscribed";
    public static final String WEBHOOK_UNSUBSCRIBE = "integration:webhook:unsubscribe";
    public static final String WEBHOOK_UNSUBSCRIBED = "integration:webhook:unsubscribed";
    public static final String WEBHOOK_RECEIVED = "integration:webhook:received";

    // Usage push
    public static final String USAGE_UPDATED = "integration:usage:updated";

    // Refusals of a request that never ran (invalid, not found, ...), when it carried no ack
    public static final String ERROR = "integration:error";
}
