package io.integrationsrealtime.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The tracker of one room's last seen event never goes back, so a repeated event is never let through. */
class SequenceTrackerTest {

    @Test
    void aGapReplyBelowWhatWasDelivered_doesNotMoveTheTrackerBack() {
        SequenceTracker tracker = new SequenceTracker();
        for (long seq = 101; seq <= 114; seq++) {
            assertThat(tracker.accept(seq)).isTrue();
        }

        tracker.caughtUpTo(100L);   // a server's gap reply naming an older head than the events it sent first

        assertThat(tracker.lastSeen()).isEqualTo(114L);
        assertThat(tracker.accept(105L)).as("a repeat of an event already delivered").isFalse();
        assertThat(tracker.accept(115L)).isTrue();
    }

    @Test
    void aGapReplyAboveWhatWasDelivered_movesTheTrackerUp() {
        SequenceTracker tracker = new SequenceTracker();
        tracker.accept(7L);

        tracker.caughtUpTo(2_000_000L);   // a new, higher sequence (numbers restart at now_ms x 1000)

        assertThat(tracker.lastSeen()).isEqualTo(2_000_000L);
        assertThat(tracker.accept(1_999_999L)).isFalse();
        assertThat(tracker.accept(2_000_001L)).isTrue();
    }

    @Test
    void leavingOnPurpose_forgetsTheRoom() {
        SequenceTracker tracker = new SequenceTracker();
        tracker.accept(9L);

        tracker.reset();

        assertThat(tracker.lastSeen()).isNull();
        assertThat(tracker.accept(3L)).isTrue();
    }
}
