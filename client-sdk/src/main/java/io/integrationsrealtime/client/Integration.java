package io.integrationsrealtime.client;

import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.RoomMembership;
import io.integrationsrealtime.protocol.StatusResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A handle on one integration of one project, got from {@link IntegrationsClient#integration}.
 *
 * <p>Every request returns a future that completes on the client's callback executor: normally
 * with the server's answer, or exceptionally with an {@link IntegrationException}. A request needs
 * no prior {@link #join()}; joining is about receiving the room's events ({@link #onUsage},
 * {@link #onRoomActivity}). While joined and while webhooks are subscribed, the client restores
 * both after a reconnect.
 */
public interface Integration {

    String projectId();

    String integrationId();

    /** Enters the integration's room; fails with {@code ACK_TIMEOUT} after the ack timeout. */
    CompletableFuture<RoomMembership> join();

    /** Like {@link #join()} with its own ack timeout. */
    CompletableFuture<RoomMembership> join(Duration ackTimeout);

    /** Leaves the integration's room; answered even when the handle had not joined. */
    CompletableFuture<RoomMembership> leave();

    /**
     * Runs {@code endpoint}. A run that fails completes the future with an
     * {@link IntegrationException} carrying the server's error, requestId and executionId.
     *
     * @param params      free-form JSON object (maps, lists, strings, numbers, booleans); may be null
     * @param requestData free-form JSON object; may be null
     */
    default CompletableFuture<ExecutionCompleted> execute(String endpoint, Map<String, ?> params,
                                                          Map<String, ?> requestData) {
        return execute(endpoint, params, requestData, ExecuteOptions.defaults());
    }

    /** Like {@link #execute(String, Map, Map)} with per-call options (timeout, requestId). */
    CompletableFuture<ExecutionCompleted> execute(String endpoint, Map<String, ?> params,
                                                  Map<String, ?> requestData, ExecuteOptions options);

    /** Runs the integration's health check ({@code integration:test}). */
    default CompletableFuture<ExecutionCompleted> test() {
        return test(ExecuteOptions.defaults());
    }

    /** Like {@link #test()} with per-call options. */
    CompletableFuture<ExecutionCompleted> test(ExecuteOptions options);

    /** The integration's status: active flag, usage, rate limit, last use. */
    CompletableFuture<StatusResponse> status();

    /** Like {@link #status()} with its own ack timeout. */
    CompletableFuture<StatusResponse> status(Duration ackTimeout);

    /**
     * Registers a webhook listener. The first listener makes the client subscribe; the future
     * completes once the server confirmed. Closing the last listener's subscription unsubscribes.
     * If the subscribe fails, the listener is removed again and the future fails.
     */
    CompletableFuture<Subscription> subscribeWebhooks(WebhookListener listener);

    /** Listens to usage pushes of the room (needs {@link #join()}). */
    Subscription onUsage(UsageListener listener);

    /** Listens to executions and tests run in the room (needs {@link #join()}). */
    Subscription onRoomActivity(RoomActivityListener listener);

    /**
     * Listens for gaps: after a reconnect the client re-joins and re-subscribes by itself and the
     * server replays the room events and webhooks missed meanwhile, in order and once each; when
     * some were too old to replay, this listener is told.
     */
    Subscription onGap(GapListener listener);

    /**
     * Listens for rooms lost and restored: told when, after a reconnect, the room this handle had
     * joined or its webhook mirror cannot be restored (the client keeps trying while the refusal
     * may pass), and when it is back. See {@link MembershipListener}.
     */
    Subscription onMembership(MembershipListener listener);
}
