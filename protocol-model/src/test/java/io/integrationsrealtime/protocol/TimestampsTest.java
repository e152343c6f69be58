package io.integrationsrealtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written wire format writes exactly what the documented pattern writes. */
class TimestampsTest {

    private static final DateTimeFormatter PATTERN =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void formatWritesWhatThePatternWrites() {
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999Z"),
                Instant.parse("2024-02-29T23:59:59.999999999Z"), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59.5Z"), Instant.now()));
        Random random = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            long seconds = random.nextLong(-70_000_000_000L, 260_000_000_000L);   // years about -250 to 10,200
            instants.add(Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000)));
        }
        for (Instant instant : instants) {
            assertThat(Timestamps.format(instant)).as(instant.toString()).isEqualTo(PATTERN.format(instant));
        }
    }
}
