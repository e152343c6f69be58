package io.integrationsrealtime.client;

import io.integrationsrealtime.client.internal.CompletedFutures;
import io.integrationsrealtime.client.internal.ListenerRegistry;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.ExecuteRequest;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.IntegrationRequest;
import io.integrationsrealtime.protocol.RoomMembership;
import io.integrationsrealtime.protocol.Rooms;
import io.integrationsrealtime.protocol.StatusResponse;
import io.integrationsrealtime.protocol.TestRequest;
import io.integrationsrealtime.protocol.UsageUpdated;
import io.integrationsrealtime.protocol.WebhookReceived;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** The {@link Integration} of an {@link IntegrationsClient}: builds requests, fans events out. */
final class IntegrationHandle implements Integration {

    private final IntegrationsClient client;
    private final String projectId;
    private final String integrationId;
    private final ListenerRegistry<UsageListener> usageListeners = new ListenerRegistry<>();
    private final ListenerRegistry<RoomActivityListener> activityListeners = new ListenerRegistry<>();
    private final ListenerRegistry<GapListener> gapListeners = new ListenerRegistry<>();
    private final ListenerRegistry<MembershipListener> membershipListeners = new ListenerRegistry<>();
    private final WebhookSubscriptions webhooks;
    private final SequenceTracker roomSeq = new SequenceTracker();
    private final SequenceTracker webhookSeq = new SequenceTracker();
    /** The room to restore after a reconnect, while the app wants it. */
    private final RoomKeeper room;

    IntegrationHandle(IntegrationsClient client, String projectId, String integrationId) {
        this.client = client;
        this.projectId = projectId;
        this.integrationId = integrationId;
        this.room = client.roomKeeper(Rooms.integration(integrationId),
                () -> enter(Events.JOIN, roomSeq, client.ackTimeout()), membershipListeners);
        this.webhooks = new WebhookSubscriptions(
                client.roomKeeper(Rooms.webhooks(integrationId),
                        () -> enter(Events.WEBHOOK_SUBSCRIBE, webhookSeq, client.ackTimeout()), membershipListeners),
                () -> {
                    webhookSeq.reset();
                    return membershipRequest(Events.WEBHOOK_UNSUBSCRIBE, null);
                });
    }

    @Override
    public String projectId() {
        return projectId;
    }

    @Override
    public String integrationId() {
        return integrationId;
    }

    @Override
    public CompletableFuture<RoomMembership> join() {
        return join(client.ackTimeout());
    }

    @Override
    public CompletableFuture<RoomMembership> join(Duration ackTimeout) {
        return room.request(() -> enter(Events.JOIN, roomSeq, ackTimeout));
    }

    @Override
    public CompletableFuture<RoomMembership> leave() {
        room.abandon();  // not restored any more, whatever the answer
        roomSeq.reset();
        return membershipRequest(Events.LEAVE, null);
    }

    @Override
    public CompletableFuture<ExecutionCompleted> execute(String endpoint, Map<String, ?> params,
                                                         Map<String, ?> requestData, ExecuteOptions options) {
        ExecuteOptions chosen = options == null ? ExecuteOptions.defaults() : options;
        ExecuteRequest request;
        String requestId = requestIdOf(chosen);
        // Observed (and its trace context taken) on the caller's thread, where its current span is.
        RequestObservation observation = client.observeRequest(Events.EXECUTE, endpoint);
        try {
            // The record's constructor makes the deep, unmodifiable copies (once per request).
            request = new ExecuteRequest(projectId, integrationId, endpoint, readOnly(params), readOnly(requestData),
                    requestId, observation.traceparent(), observation.tracestate());
        } catch (RuntimeException notJson) {
            observation.ended(ErrorCode.INVALID_REQUEST);
            return CompletedFutures.failed(new IntegrationException(ErrorCode.INVALID_REQUEST,
                    "params and requestData must be JSON objects", requestId));
        }
        return client.request(Events.EXECUTE, request, ExecutionCompleted.class, timeoutOf(chosen), ErrorCode.TIMEOUT,
                observation);
    }

    @Override
    public CompletableFuture<ExecutionCompleted> test(ExecuteOptions options) {
        ExecuteOptions chosen = options == null ? ExecuteOptions.defaults() : options;
        RequestObservation observation = client.observeRequest(Events.TEST, TestRequest.HEALTH_CHECK);
        TestRequest request = new TestRequest(projectId, integrationId, TestRequest.HEALTH_CHECK, requestIdOf(chosen),
                observation.traceparent(), observation.tracestate());
        return client.request(Events.TEST, request, ExecutionCompleted.class, timeoutOf(chosen), ErrorCode.TIMEOUT,
                observation);
    }

    @Override
    public CompletableFuture<StatusResponse> status() {
        return status(client.ackTimeout());
    }

    @Override
    public CompletableFuture<StatusResponse> status(Duration ackTimeout) {
        return client.request(Events.STATUS, integrationRequest(null), StatusResponse.class, ackTimeout,
                ErrorCode.ACK_TIMEOUT);
    }

    @Override
    public CompletableFuture<Subscription> subscribeWebhooks(WebhookListener listener) {
        return webhooks.add(listener);
    }

    @Override
    public Subscription onUsage(UsageListener listener) {
        return usageListeners.add(listener);
    }

    @Override
    public Subscription onRoomActivity(RoomActivityListener listener) {
        return activityListeners.add(listener);
    }

    @Override
    public Subscription onGap(GapListener listener) {
        return gapListeners.add(listener);
    }

    @Override
    public Subscription onMembership(MembershipListener listener) {
        return membershipListeners.add(listener);
    }

    @Override
    public String toString() {
        return "Integration[" + projectId + "/" + integrationId + "]";
    }

    // ---- called by the client, on its callback executor ----

    void deliverUsage(UsageUpdated usage) {
        if (roomSeq.accept(usage.seq())) {
            usageListeners.forEach(listener -> listener.onUsage(usage));
        }
    }

    /** @param seq the event's room sequence number (null on the caller's own copies) */
    void deliverActivity(Long seq, Consumer<RoomActivityListener> call) {
        if (roomSeq.accept(seq)) {
            activityListeners.forEach(call);
        }
    }

    void deliverWebhook(WebhookReceived webhook) {
        if (webhookSeq.accept(webhook.seq())) {
            webhooks.dispatch(webhook);
        }
    }

    /** The server forgot this socket's rooms when the connection dropped: join and subscribe again. */
    void restoreAfterReconnect() {
        room.reconnected();
        webhooks.restore();
    }

    // ---- helpers ----

    /**
     * Joins or subscribes, asking for a replay of what came after the last event seen (none on a
     * first join), then accounts for the room's head and reports a gap the server could not fill.
     */
    private CompletableFuture<RoomMembership> enter(String event, SequenceTracker seq, Duration ackTimeout) {
        return Futures.afterEffect(membershipRequest(event, seq.lastSeen(), ackTimeout), (membership, error) -> {
            if (membership == null) {
                return;
            }
            seq.caughtUpTo(membership.seq());
            if (Boolean.TRUE.equals(membership.gap())) {
                client.gapDetected(event);
                gapListeners.forEach(listener -> listener.onGap(membership));
            }
        });
    }

    private CompletableFuture<RoomMembership> membershipRequest(String event, Long lastSeq) {
        return membershipRequest(event, lastSeq, client.ackTimeout());
    }

    private CompletableFuture<RoomMembership> membershipRequest(String event, Long lastSeq, Duration ackTimeout) {
        return client.request(event, integrationRequest(lastSeq), RoomMembership.class, ackTimeout,
                ErrorCode.ACK_TIMEOUT);
    }

    private IntegrationRequest integrationRequest(Long lastSeq) {
        return new IntegrationRequest(projectId, integrationId, client.nextRequestId(), lastSeq);
    }

    /** Only read, by the copy in ExecuteRequest's constructor, so the wider element type is safe. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> readOnly(Map<String, ?> map) {
        return (Map<String, Object>) map;
    }

    private String requestIdOf(ExecuteOptions options) {
        return options.requestId() != null ? options.requestId() : client.nextRequestId();
    }

    private Duration timeoutOf(ExecuteOptions options) {
        return options.timeoutIfSet().orElse(client.executionTimeout());
    }
}
