package io.integrationsrealtime.server.webhook;

import static io.integrationsrealtime.server.webhook.StripeWebhookVerifierTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.integrationsrealtime.server.webhook.WebhookVerificationException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WebhookDeduplicatorTest {

    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_700_000_000L));
    private final WebhookDeduplicator dedup = new WebhookDeduplicator(Duration.ofHours(1), 3, clock);

    @Test
    void trueOnceThenFalse() {
        assertThat(dedup.firstDelivery("evt_1")).isTrue();
        assertThat(dedup.firstDelivery("evt_1")).isFalse();
        assertThat(dedup.firstDelivery("evt_1")).isFalse();
        assertThat(dedup.firstDelivery("evt_2")).isTrue();
    }

    @Test
    void aForgottenId_isAFirstDeliveryAgain() {
        assertThat(dedup.firstDelivery("evt_1")).isTrue();
        assertThat(dedup.firstDelivery("evt_2")).isTrue();

        dedup.forget("evt_1");
        dedup.forget("evt_unknown");

        assertThat(dedup.size()).isEqualTo(1);
        assertThat(dedup.firstDelivery("evt_1")).isTrue();
        assertThat(dedup.firstDelivery("evt_1")).isFalse();
        assertThat(dedup.firstDelivery("evt_2")).isFalse();
        assertThatThrownBy(() -> dedup.forget(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forgetsAfterTheRetention() {
        assertThat(dedup.firstDelivery("evt_1")).isTrue();
        clock.advance(Duration.ofMinutes(59));
        assertThat(dedup.firstDelivery("evt_1")).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(dedup.firstDelivery("evt_1")).isTrue();
        assertThat(dedup.firstDelivery("evt_1")).isFalse();
    }

    @Test
    void expiredEntriesAreDropped() {
        dedup.firstDelivery("evt_1");
        dedup.firstDelivery("evt_2");
        clock.advance(Duration.ofHours(2));

        dedup.firstDelivery("evt_3");

        assertThat(dedup.size()).isEqualTo(1);
    }

    @Test
    void evictsTheOldestWhenOverCapacity() {
        for (String id : List.of("evt_1", "evt_2", "evt_3", "evt_4")) {
            assertThat(dedup.firstDelivery(id)).isTrue();
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(dedup.size()).isEqualTo(3);
        assertThat(dedup.firstDelivery("evt_4")).isFalse();
        assertThat(dedup.firstDelivery("evt_2")).isFalse();
        assertThat(dedup.firstDelivery("evt_1")).isTrue(); // evicted, so seen as new (and evicts evt_2)
    }

    @Test
    void requireFirstDeliveryThrowsReplayed() throws Exception {
        dedup.requireFirstDelivery("msg_1");

        assertRefused(() -> dedup.requireFirstDelivery("msg_1"), Reason.REPLAYED);
    }

    @Test
    void concurrentDeliveriesOfOneIdPassOnce() throws Exception {
        WebhookDeduplicator shared = new WebhookDeduplicator();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger firsts = new AtomicInteger();
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                String id = "evt_" + (i % 100);
                calls.add(pool.submit(() -> {
                    if (shared.firstDelivery(id)) {
                        firsts.incrementAndGet();
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(firsts).hasValue(100);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> dedup.firstDelivery(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookDeduplicator(Duration.ZERO, 1, clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookDeduplicator(Duration.ofHours(1), 0, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
