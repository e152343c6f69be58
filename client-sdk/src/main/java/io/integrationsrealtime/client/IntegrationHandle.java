package io.integrationsrealtime.client;

import io.integrationsrealtime.client.internal.ClientLogger;
import io.integrationsrealtime.client.internal.ClientLogger.Level;
import io.integrationsrealtime.client.internal.CompletedFutures;
import io.integrationsrealtime.client.internal.ListenerRegistry;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.ExecuteRequest;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.IntegrationRequest;
import io.integrationsrealtime.protocol.RoomMembership;
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

    private static final ClientLogger LOG = ClientLogger.of(IntegrationHandle.class);

    private final IntegrationsClient client;
    private final String projectId;
    private final String integrationId;
    private final ListenerRegistry<UsageListener> usageListeners = new ListenerRegistry<>();
    private final ListenerRegistry<RoomActivityListener> activityListeners = new ListenerRegistry<>();
    private final ListenerRegistry<GapListener> gapListeners = new ListenerRegistry<>();
    private final WebhookSubscriptions webhooks;
    private final SequenceTracker roomSeq = new SequenceTracker();
    private final SequenceTracker webhookSeq = new SequenceTracker();

    // Room membership to restore after a reconnect. A counter of join/leave calls lets a late
    // answer to an older call be ignored (join() then leave() must end "not joined").
    private final Object membershipLock = new Object();
    private long membershipCalls;
    private boolean joined;

    IntegrationHandle(IntegrationsClient client, String projectId, String integrationId) {
        this.client = client;
        this.projectId = projectId;
        this.integrationId = integrationId;
        this.webhooks = new WebhookSubscriptions(
                () -> enter(Events.WEBHOOK_SUBSCRIBE, webhookSeq, client.ackTimeout()),
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
        long call = nextMembershipCall(null);
        return Futures.afterEffect(enter(Events.JOIN, roomSeq, ackTimeout), (membership, error) -> {
            synchronized (membershipLock) {
                if (membershipCalls == call) {
                    joined = error == null;
                }
            }
        });
    }

    @Override
    public CompletableFuture<RoomMembership> leave() {
        nextMembershipCall(Boolean.FALSE);  // not restored any more, whatever the answer
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
        boolean rejoin;
        long call;
        synchronized (membershipLock) {
            rejoin = joined;
            call = membershipCalls;
        }
        if (rejoin) {
            enter(Events.JOIN, roomSeq, client.ackTimeout()).whenComplete((membership, error) -> {
                if (error != null) {
                    LOG.log(Level.WARNING, "could not rejoin " + this + " after reconnecting: "
                            + Futures.unwrap(error).getMessage());
                    synchronized (membershipLock) {
                        if (membershipCalls == call) {
                            joined = false;
                        }
                    }
                }
            });
        }
        webhooks.restore();
    }

    // ---- helpers ----

    private long nextMembershipCall(Boolean joinedNow) {
        synchronized (membershipLock) {
            if (joinedNow != null) {
                joined = joinedNow;
            }
            return ++membershipCalls;
        }
    }

    /**
     * Joins or subscribes, asking for a replay of what came after the last event seen (none on a
     * first join), then accounts for the room's head and reports a gap the server could not fill.
     */
    private CompletableFuture<RoomMembership> enter(String event, SequenceTracker seq, Duration ackTimeout) {
        return Futures.afterEffect(membershipRequest(event, seq.lastSeen(), ackTimeout), (membership, error) -> {
            if (membership == null) {
                return;
            }
            if (Boolean.TRUE.equals(membership.gap())) {
                seq.restartAt(membership.seq());
                client.gapDetected(event);
                gapListeners.forEach(listener -> listener.onGap(membership));
            } else {
                seq.caughtUpTo(membership.seq());
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
