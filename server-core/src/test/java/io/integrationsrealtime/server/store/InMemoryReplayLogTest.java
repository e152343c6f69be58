package io.integrationsrealtime.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InMemoryReplayLogTest {

    private static final String ROOM = "integration:64b2c3d4e5f6789012345678";

    private static void add(ReplayLog log, int count, Instant at) {
        for (int i = 0; i < count; i++) {
            long seq = log.nextSeq(ROOM);
            log.append(ROOM, new ReplayLog.Entry(seq, "e", "p" + seq, at));
        }
    }

    @Test
    void replaysWhatCameAfterLastSeq_inOrder() {
        ReplayLog log = new InMemoryReplayLog();
        add(log, 5, Instant.now());
        long first = log.head(ROOM) - 4;

        ReplayLog.Replay replay = log.since(ROOM, first + 1);

        assertThat(replay.entries()).extracting(ReplayLog.Entry::seq).containsExactly(first + 2, first + 3, first + 4);
        assertThat(replay.gap()).isFalse();
        assertThat(replay.head()).isEqualTo(first + 4);
        assertThat(log.since(ROOM, first + 4).entries()).isEmpty();
        assertThat(log.since(ROOM, first + 4).gap()).isFalse();
    }

    @Test
    void reportsAGap_whenEventsWereDroppedBySizeOrAge_orTheSequenceRestarted() {
        ReplayLog bySize = new InMemoryReplayLog(3, Duration.ofMinutes(1), Clock.systemUTC());
        add(bySize, 6, Instant.now());
        long first = bySize.head(ROOM) - 5;
        assertThat(bySize.since(ROOM, first).gap()).isTrue();
        assertThat(bySize.since(ROOM, first).entries()).extracting(ReplayLog.Entry::seq)
                .containsExactly(first + 3, first + 4, first + 5);
        assertThat(bySize.since(ROOM, first + 2).gap()).isFalse();

        Instant now = Instant.parse("2026-03-18T10:00:00Z");
        ReplayLog byAge = new InMemoryReplayLog(100, Duration.ofMinutes(2), Clock.fixed(now, ZoneOffset.UTC));
        add(byAge, 2, now.minus(Duration.ofMinutes(5)));
        long before = byAge.head(ROOM) - 2;
        assertThat(byAge.since(ROOM, before).gap()).isTrue();
        assertThat(byAge.since(ROOM, before).entries()).isEmpty();

        ReplayLog fresh = new InMemoryReplayLog();
        add(fresh, 1, Instant.now());
        assertThat(fresh.since(ROOM, fresh.head(ROOM) + 40).gap()).as("a client ahead of the log: it restarted").isTrue();
    }

    @Test
    void aNewLogNumbersAboveAnOldOne_soClientsNeverMistakeNewEventsForSeenOnes() {
        ReplayLog old = new InMemoryReplayLog();
        add(old, 1000, Instant.now());

        ReplayLog restarted = new InMemoryReplayLog(100, Duration.ofMinutes(2),
                Clock.offset(Clock.systemUTC(), Duration.ofMillis(2)));
        add(restarted, 1, Instant.now());

        assertThat(restarted.head(ROOM)).isGreaterThan(old.head(ROOM));
    }
}
