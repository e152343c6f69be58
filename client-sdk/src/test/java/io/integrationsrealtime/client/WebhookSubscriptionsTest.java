package io.integrationsrealtime.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.client.internal.ListenerRegistry;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.RoomMembership;
import io.integrationsrealtime.protocol.WebhookReceived;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookSubscriptionsTest {

    private static final RoomMembership SUBSCRIBED =
            new RoomMembership("64b2c3d4e5f6789012345678", "6958511e8397f2dfa88090d8", "integration:64b2c3d4e5f6789012345678:webhooks", "r");

    private final List<CompletableFuture<RoomMembership>> subscribes = new ArrayList<>();
    private final List<CompletableFuture<RoomMembership>> unsubscribes = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final WebhookSubscriptions webhooks = new WebhookSubscriptions(
            new RoomKeeper(SUBSCRIBED.room(), () -> record(subscribes), timer, Duration.ofMillis(10), Duration.ofMillis(10),
                    new ListenerRegistry<>()),
            () -> record(unsubscribes));

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private static CompletableFuture<RoomMembership> record(List<CompletableFuture<RoomMembership>> sent) {
        CompletableFuture<RoomMembership> answer = new CompletableFuture<>();
        sent.add(answer);
        return answer;
    }

    @Test
    void onlyTheFirstListenerSubscribesAndOnlyTheLastCloseUnsubscribes() throws Exception {
        CompletableFuture<Subscription> first = webhooks.add(webhook -> { });
        CompletableFuture<Subscription> second = webhooks.add(webhook -> { });
        assertThat(subscribes).hasSize(1);
        assertThat(first).isNotDone();

        subscribes.get(0).complete(SUBSCRIBED);
        Subscription a = first.get();
        Subscription b = second.get();

        a.close();
        a.close();
        assertThat(unsubscribes).isEmpty();
        b.close();
        assertThat(unsubscribes).hasSize(1);
        b.close();
        assertThat(unsubscribes).hasSize(1);

        // A new listener after that subscribes again.
        webhooks.add(webhook -> { });
        assertThat(subscribes).hasSize(2);
    }

    @Test
    void webhooksReachEveryListenerEvenIfOneThrows() throws Exception {
        List<String> seen = new ArrayList<>();
        webhooks.add(webhook -> {
            throw new IllegalStateException("listener bug");
        });
        CompletableFuture<Subscription> subscription = webhooks.add(webhook -> seen.add(webhook.event()));
        subscribes.get(0).complete(SUBSCRIBED);

        webhooks.dispatch(new WebhookReceived("64b2c3d4e5f6789012345678", "stripe.invoice.paid", Map.of(), null));
        subscription.get().close();
        webhooks.dispatch(new WebhookReceived("64b2c3d4e5f6789012345678", "stripe.invoice.voided", Map.of(), null));

        assertThat(seen).containsExactly("stripe.invoice.paid");
    }

    @Test
    void aRefusedSubscribeRemovesItsListenersAndFailsWithTheServerCode() {
        CompletableFuture<Subscription> subscription = webhooks.add(webhook -> { });

        subscribes.get(0).completeExceptionally(new IntegrationException(ErrorCode.FORBIDDEN, "no", "r"));

        assertThat(causeOf(subscription).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(webhooks.size()).isZero();
        assertThat(unsubscribes).isEmpty();
        webhooks.add(webhook -> { });
        assertThat(subscribes).hasSize(2);
    }

    @Test
    void aTimedOutSubscribeTearsDownFully() {
        CompletableFuture<Subscription> first = webhooks.add(webhook -> { });
        CompletableFuture<Subscription> second = webhooks.add(webhook -> { });

        subscribes.get(0).completeExceptionally(new IntegrationException(ErrorCode.ACK_TIMEOUT, "no ack", "r"));

        assertThat(causeOf(first).code()).isEqualTo(ErrorCode.ACK_TIMEOUT);
        assertThat(causeOf(second).code()).isEqualTo(ErrorCode.ACK_TIMEOUT);
        assertThat(webhooks.size()).isZero();
        // The server may have subscribed without the ack arriving: undone once.
        assertThat(unsubscribes).hasSize(1);
    }

    @Test
    void restoreResubscribesOnlyAConfirmedSubscriptionWithListeners() throws Exception {
        webhooks.restore();
        assertThat(subscribes).isEmpty();

        CompletableFuture<Subscription> subscription = webhooks.add(webhook -> { });
        webhooks.restore();
        assertThat(subscribes).hasSize(1);  // still in flight: nothing to restore yet

        subscribes.get(0).complete(SUBSCRIBED);
        webhooks.restore();
        assertThat(subscribes).hasSize(2);

        subscription.get().close();
        webhooks.restore();
        assertThat(subscribes).hasSize(2);
    }

    private static IntegrationException causeOf(CompletableFuture<?> future) {
        assertThat(future).isCompletedExceptionally();
        try {
            future.get();
        } catch (ExecutionException e) {
            return (IntegrationException) e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("not failed");
    }
}
