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

        ReplayLog.Replay replay = log.since(ROOM, 2);

        assertThat(replay.entries()).extracting(ReplayLog.Entry::seq).containsExactly(3L, 4L, 5L);
        assertThat(replay.gap()).isFalse();
        assertThat(replay.head()).isEqualTo(5);
        assertThat(log.since(ROOM, 5).entries()).isEmpty();
        assertThat(log.since(ROOM, 5).gap()).isFalse();
    }

    @Test
    void reportsAGap_whenEventsWereDroppedBySizeOrAge_orTheSequenceRestarted() {
        ReplayLog bySize = new InMemoryReplayLog(3, Duration.ofMinutes(1), Clock.systemUTC());
        add(bySize, 6, Instant.now());
        assertThat(bySize.since(ROOM, 1).gap()).isTrue();
        assertThat(bySize.since(ROOM, 1).entries()).extracting(ReplayLog.Entry::seq).containsExactly(4L, 5L, 6L);
        assertThat(bySize.since(ROOM, 3).gap()).isFalse();

        Instant now = Instant.parse("2026-03-18T10:00:00Z");
        ReplayLog byAge = new InMemoryReplayLog(100, Duration.ofMinutes(2), Clock.fixed(now, ZoneOffset.UTC));
        add(byAge, 2, now.minus(Duration.ofMinutes(5)));
        assertThat(byAge.since(ROOM, 0).gap()).isTrue();
        assertThat(byAge.since(ROOM, 0).entries()).isEmpty();

        ReplayLog fresh = new InMemoryReplayLog();
        add(fresh, 1, Instant.now());
        assertThat(fresh.since(ROOM, 40).gap()).as("a client ahead of the log: it restarted").isTrue();
    }
}
