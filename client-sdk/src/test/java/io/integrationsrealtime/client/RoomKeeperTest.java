package io.integrationsrealtime.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.client.internal.ListenerRegistry;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ErrorInfo;
import io.integrationsrealtime.protocol.RoomMembership;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries of one room's restore: when, how often, and when they stop. */
class RoomKeeperTest {

    private static final RoomMembership JOINED = new RoomMembership("64b2c3d4e5f6789012345678",
            "6958511e8397f2dfa88090d8", "integration:64b2c3d4e5f6789012345678", "r");

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    /** Each attempt's answer, to be given by the test, and when it was sent. */
    private final List<CompletableFuture<RoomMembership>> attempts = new CopyOnWriteArrayList<>();
    private final List<Long> sentAtNanos = new CopyOnWriteArrayList<>();
    private final RoomKeeper keeper = new RoomKeeper(JOINED.room(), () -> {
        CompletableFuture<RoomMembership> answer = new CompletableFuture<>();
        sentAtNanos.add(System.nanoTime());
        attempts.add(answer);
        return answer;
    }, timer, Duration.ofMillis(20), Duration.ofMillis(80), new ListenerRegistry<>());

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private void joinedByTheApp() {
        keeper.request();
        attempts.get(0).complete(JOINED);
        attempts.clear();
        sentAtNanos.clear();
    }

    @Test
    void backoff_doublesUpToItsMaximum_withHalfOfEachWaitRandom() {
        Set<Long> seen = new TreeSet<>();
        for (int i = 0; i < 2000; i++) {
            long first = keeper.backoffMillis(0);
            long capped = keeper.backoffMillis(10);
            assertThat(first).isBetween(10L, 20L);
            assertThat(capped).isBetween(40L, 80L);
            seen.add(capped);
        }
        assertThat(seen).as("jittered").hasSizeGreaterThan(20);
    }

    @Test
    void rateLimited_waitsAtLeastItsRetryAfter() {
        joinedByTheApp();
        keeper.reconnected();
        ErrorInfo limited = new ErrorInfo(ErrorCode.RATE_LIMITED, "slow down", true, Duration.ofMillis(400), null);
        attempts.get(0).completeExceptionally(new IntegrationException(limited, "r", null));

        await().atMost(Duration.ofSeconds(5)).until(() -> attempts.size() == 2);
        assertThat(Duration.ofNanos(sentAtNanos.get(1) - sentAtNanos.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void leavingWhileARetryWaits_cancelsIt() {
        joinedByTheApp();
        keeper.reconnected();
        attempts.get(0).completeExceptionally(new IntegrationException(ErrorCode.UNAVAILABLE, "store down", "r"));

        keeper.abandon();

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> attempts.size() == 1);
        keeper.reconnected();
        assertThat(attempts).as("not wanted any more: nothing to restore").hasSize(1);
    }

    @Test
    void aDroppedConnection_endsTheRetries_untilTheNextReconnect() {
        joinedByTheApp();
        keeper.reconnected();
        attempts.get(0).completeExceptionally(new IntegrationException(ErrorCode.DISCONNECTED, "connection lost", "r"));

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> attempts.size() == 1);
        keeper.reconnected();
        assertThat(attempts).hasSize(2);
    }
}
