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
    /**
     * Client to server: enter the integration's room to receive its activity and usage; payload
     * {@link IntegrationRequest} (with {@code lastSeq} to replay what was missed).
     */
    public static final String JOIN = "integration:join";
    /** Server to the caller of {@link #JOIN}, when it carried no ack: payload {@link RoomMembership}. */
    public static final String JOINED = "integration:joined";
    /** Client to server: leave the integration's room; payload {@link IntegrationRequest}. */
    public static final String LEAVE = "integration:leave";
    /** Server to the caller of {@link #LEAVE}, when it carried no ack: payload {@link RoomMembership}. */
    public static final String LEFT = "integration:left";

    // Execute
    /** Client to server: run an endpoint of the integration; payload {@link ExecuteRequest}. */
    public static final String EXECUTE = "integration:execute";
    /** Server to the room except the caller, when an execution starts: payload {@link ExecutionStarted}. */
    public static final String EXECUTION_STARTED = "integration:execution:started";
    /**
     * Server to the caller (full result, when the execute carried no ack) and to the rest of the
     * room (summary): payload {@link ExecutionCompleted}.
     */
    public static final String EXECUTION_COMPLETED = "integration:execution:completed";
    /**
     * Server to the caller (with details, when the execute carried no ack) and to the rest of the
     * room: payload {@link ExecutionFailed}.
     */
    public static final String EXECUTION_FAILED = "integration:execution:failed";

    // Test (health check)
    /** Client to server: run the integration's health check; payload {@link TestRequest}. */
    public static final String TEST = "integration:test";
    /** Server to the room and to the caller, when a health check starts: payload {@link ExecutionStarted}. */
    public static final String TEST_STARTED = "integration:test:started";
    /**
     * Server to the caller (full result, when the test carried no ack) and to the rest of the room
     * (summary): payload {@link ExecutionCompleted}.
     */
    public static final String TEST_COMPLETED = "integration:test:completed";
    /**
     * Server to the caller (with details, when the test carried no ack) and to the rest of the
     * room: payload {@link ExecutionFailed}.
     */
    public static final String TEST_FAILED = "integration:test:failed";

    // Status
    /** Client to server: ask for the integration's status; payload {@link IntegrationRequest}. */
    public static final String STATUS = "integration:status";
    /** Server to the caller of {@link #STATUS}, when it carried no ack: payload {@link StatusResponse}. */
    public static final String STATUS_RESPONSE = "integration:status:response";

    // Webhook mirror
    /**
     * Client to server: start receiving the integration's inbound webhooks; payload
     * {@link IntegrationRequest} (with {@code lastSeq} to replay what was missed).
     */
    public static final String WEBHOOK_SUBSCRIBE = "integration:webhook:subscribe";
    /**
     * Server to the caller of {@link #WEBHOOK_SUBSCRIBE}, when it carried no ack: payload
     * {@link RoomMembership}.
     */
    public static final String WEBHOOK_SUBSCRIBED = "integration:webhook:subscribed";
    /** Client to server: stop receiving the integration's webhooks; payload {@link IntegrationRequest}. */
    public static final String WEBHOOK_UNSUBSCRIBE = "integration:webhook:unsubscribe";
    /**
     * Server to the caller of {@link #WEBHOOK_UNSUBSCRIBE}, when it carried no ack: payload
     * {@link RoomMembership}.
     */
    public static final String WEBHOOK_UNSUBSCRIBED = "integration:webhook:unsubscribed";
    /**
     * Server to the sockets subscribed to the integration's webhooks, for each webhook the host
     * publishes: payload {@link WebhookReceived}.
     */
    public static final String WEBHOOK_RECEIVED = "integration:webhook:received";

    // Usage push
    /** Server to the integration's room, when the host publishes usage: payload {@link UsageUpdated}. */
    public static final String USAGE_UPDATED = "integration:usage:updated";

    // Refusals of a request that never ran (invalid, not found, ...), when it carried no ack
    /**
     * Server to the caller of a request that carried no ack and was refused (it never ran): payload
     * {@link ErrorReply}.
     */
    public static final String ERROR = "integration:error";
}
