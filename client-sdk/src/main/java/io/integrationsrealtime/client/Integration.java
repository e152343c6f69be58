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
 *
 * <p>A request that cannot be sent (it breaks the protocol's rules: {@code INVALID_REQUEST}; the
 * client is not connected: {@code DISCONNECTED}) returns a future that has already failed. Requests
 * are never queued while disconnected, nor re-sent after a reconnect. Handles are thread-safe.
 */
public interface Integration {

    /**
     * The project this handle was made for.
     *
     * @return 24 lowercase hex characters
     */
    String projectId();

    /**
     * The integration this handle was made for.
     *
     * @return 24 lowercase hex characters
     */
    String integrationId();

    /**
     * Enters the integration's room, so that {@link #onUsage} and {@link #onRoomActivity} listeners
     * receive its events. Joining twice is harmless. Until {@link #leave()}, the client joins again
     * after every reconnect, asking for what it missed.
     *
     * @return the server's answer ({@code room}, the room's latest {@code seq}); fails with
     *         {@code ACK_TIMEOUT} after the client's ack timeout, {@code DISCONNECTED}, or the
     *         server's refusal, e.g. {@code NOT_FOUND}, {@code FORBIDDEN}, {@code LIMIT_EXCEEDED}
     *         (too many rooms)
     */
    CompletableFuture<RoomMembership> join();

    /**
     * Like {@link #join()} with its own ack timeout.
     *
     * @param ackTimeout how long to wait for the server's answer, positive
     * @return as {@link #join()}
     */
    CompletableFuture<RoomMembership> join(Duration ackTimeout);

    /**
     * Leaves the integration's room; answered even when the handle had not joined. The client stops
     * re-joining after reconnects at once, whatever the answer.
     *
     * @return the server's answer; fails with {@code ACK_TIMEOUT}, {@code DISCONNECTED} or the
     *         server's refusal
     */
    CompletableFuture<RoomMembership> leave();

    /**
     * Runs {@code endpoint}. A run that fails completes the future with an
     * {@link IntegrationException} carrying the server's error, requestId and executionId.
     *
     * <p>The future fails with {@code TIMEOUT} when no outcome arrives within the client's
     * {@linkplain IntegrationsClient.Builder#executionTimeout execution timeout}, and with
     * {@code DISCONNECTED} when the connection drops first: the endpoint may then have run. To
     * retry without running it twice, send the same requestId again
     * ({@link ExecuteOptions#withRequestId}).
     *
     * @param endpoint    the endpoint's name, matching {@code [A-Za-z][A-Za-z0-9_.-]{0,63}}, e.g.
     *                    {@code getUserTweets}
     * @param params      free-form JSON object (maps, lists, strings, numbers, booleans); may be null
     * @param requestData free-form JSON object; may be null
     * @return the full result ({@code result.data}) with the requestId and executionId
     */
    default CompletableFuture<ExecutionCompleted> execute(String endpoint, Map<String, ?> params,
                                                          Map<String, ?> requestData) {
        return execute(endpoint, params, requestData, ExecuteOptions.defaults());
    }

    /**
     * Like {@link #execute(String, Map, Map)} with per-call options (timeout, requestId).
     *
     * @param endpoint    the endpoint's name
     * @param params      free-form JSON object; may be null
     * @param requestData free-form JSON object; may be null
     * @param options     timeout and requestId; {@code null} for the defaults
     * @return as {@link #execute(String, Map, Map)}; a requestId already in flight on this client
     *         fails with {@code INVALID_REQUEST}
     */
    CompletableFuture<ExecutionCompleted> execute(String endpoint, Map<String, ?> params,
                                                  Map<String, ?> requestData, ExecuteOptions options);

    /**
     * Runs the integration's health check ({@code integration:test}). Fails like
     * {@link #execute(String, Map, Map)}, including {@code TIMEOUT}.
     *
     * @return the check's result, endpoint {@code healthCheck}
     */
    default CompletableFuture<ExecutionCompleted> test() {
        return test(ExecuteOptions.defaults());
    }

    /**
     * Like {@link #test()} with per-call options.
     *
     * @param options timeout and requestId; {@code null} for the defaults
     * @return as {@link #test()}
     */
    CompletableFuture<ExecutionCompleted> test(ExecuteOptions options);

    /**
     * The integration's status: active flag, usage, rate limit, last use. Also the way to refresh
     * after {@link #onGap a gap}.
     *
     * @return the server's answer; fails with {@code ACK_TIMEOUT} after the client's ack timeout,
     *         or a server code such as {@code NOT_FOUND} or {@code FORBIDDEN}
     */
    CompletableFuture<StatusResponse> status();

    /**
     * Like {@link #status()} with its own ack timeout.
     *
     * @param ackTimeout how long to wait for the server's answer, positive
     * @return as {@link #status()}
     */
    CompletableFuture<StatusResponse> status(Duration ackTimeout);

    /**
     * Registers a webhook listener. The first listener makes the client subscribe; the future
     * completes once the server confirmed. Closing the last listener's subscription unsubscribes.
     * If the subscribe fails, the listener is removed again and the future fails.
     *
     * @param listener called on the callback executor for each webhook, in order, once each; what
     *                 it throws is logged and ignored
     * @return completes with the listener's subscription once the server confirmed (at once when
     *         the handle is already subscribed); fails as {@link #join()} does
     */
    CompletableFuture<Subscription> subscribeWebhooks(WebhookListener listener);

    /**
     * Listens to usage pushes of the room (needs {@link #join()}). Registering sends nothing.
     *
     * @param listener called on the callback executor, in order, once per push; what it throws is
     *                 logged and ignored
     * @return closes the registration
     */
    Subscription onUsage(UsageListener listener);

    /**
     * Listens to executions and tests run in the room (needs {@link #join()}). Registering sends
     * nothing.
     *
     * @param listener called on the callback executor, in order, once per event; what it throws is
     *                 logged and ignored
     * @return closes the registration
     */
    Subscription onRoomActivity(RoomActivityListener listener);

    /**
     * Listens for gaps: after a reconnect the client re-joins and re-subscribes by itself and the
     * server replays the room events and webhooks missed meanwhile, in order and once each; when
     * some were too old to replay, this listener is told.
     *
     * @param listener called on the callback executor, once per gap, for the room or the webhooks
     * @return closes the registration
     */
    Subscription onGap(GapListener listener);

    /**
     * Listens for rooms lost and restored: told when, after a reconnect, the room this handle had
     * joined or its webhook mirror cannot be restored (the client keeps trying while the refusal
     * may pass), and when it is back. See {@link MembershipListener}.
     *
     * @param listener called on the callback executor when the room or the webhook mirror is lost
     *                 or restored
     * @return closes the registration
     */
    Subscription onMembership(MembershipListener listener);
}
