package io.integrationsrealtime.server.store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ReplayLog} in this process: per room, the last {@code maxEvents} events no older than
 * {@code maxAge}. A server restarted with the same instance continues its sequences; a new
 * instance starts new ones (above the old numbers), which reconnecting clients are told as a gap.
 *
 * <p>Thread-safe. Old events are pruned when their room is used and in a sweep every few thousand
 * appends; sequence counters (a few bytes per room ever used) are kept for the life of the
 * instance.
 */
public final class InMemoryReplayLog implements ReplayLog {

    /** 1,000 events or 2 minutes per room, whichever is less. */
    public static final int DEFAULT_MAX_EVENTS = 1000;
    /** How old a replayed event may be, by default. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(2);
    private static final int SWEEP_EVERY = 4096;

    private final int maxEvents;
    private final long maxAgeMillis;
    private final Clock clock;
    private final Map<String, RoomLog> rooms = new ConcurrentHashMap<>();
    private final AtomicLong appends = new AtomicLong();

    /** A log of {@value #DEFAULT_MAX_EVENTS} events or {@link #DEFAULT_MAX_AGE} per room, on the system clock. */
    public InMemoryReplayLog() {
        this(DEFAULT_MAX_EVENTS, DEFAULT_MAX_AGE, Clock.systemUTC());
    }

    /**
     * A log with its own bounds.
     *
     * @param maxEvents events kept per room, at least 1
     * @param maxAge    how old a replayed event may be, positive
     * @param clock     where event times and the age are read from
     * @throws IllegalArgumentException if a bound is not positive
     */
    public InMemoryReplayLog(int maxEvents, Duration maxAge, Clock clock) {
        if (maxEvents < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxEvents and maxAge must be positive");
        }
        this.maxEvents = maxEvents;
        this.maxAgeMillis = maxAge.toMillis();
        this.clock = clock;
    }

    @Override
    public long nextSeq(String room) {
        RoomLog log = log(room);
        synchronized (log) {
            return ++log.issued;
        }
    }

    @Override
    public void append(String room, Entry entry) {
        RoomLog log = log(room);
        synchronized (log) {
            log.entries.addLast(entry);
            prune(log);
        }
        if (appends.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep();
        }
    }

    /**
     * Rooms that went quiet are pruned only when touched; now and then, prune them all so their
     * old events do not stay in memory. Sequence counters stay: numbers never go back.
     */
    private void sweep() {
        for (RoomLog log : rooms.values()) {
            synchronized (log) {
                prune(log);
            }
        }
    }

    /**
     * A room without a sequence yet starts one here: a client joining it now is told the start,
     * and asking later for what came after it replays the room's first events without a gap.
     */
    @Override
    public long head(String room) {
        RoomLog log = log(room);
        synchronized (log) {
            return log.issued;
        }
    }

    @Override
    public Replay since(String room, long lastSeq) {
        RoomLog log = log(room);
        synchronized (log) {
            prune(log);
            List<Entry> missed = new ArrayList<>();
            for (Entry entry : log.entries) {
                if (entry.seq() > lastSeq) {
                    missed.add(entry);
                }
            }
            long oldestKept = log.entries.isEmpty() ? log.issued + 1 : log.entries.peekFirst().seq();
            // Lost: events between lastSeq and the oldest kept one, or a sequence that restarted below lastSeq.
            boolean gap = lastSeq > log.issued || oldestKept > lastSeq + 1 && log.issued > lastSeq;
            return new Replay(missed, gap, log.issued);
        }
    }

    private RoomLog log(String room) {
        return rooms.computeIfAbsent(room, name -> new RoomLog(clock.millis() * 1000));
    }

    /** Runs on every append, so it compares epoch millis rather than allocating instants. */
    private void prune(RoomLog log) {
        long oldestMillis = clock.millis() - maxAgeMillis;
        while (!log.entries.isEmpty()
                && (log.entries.size() > maxEvents || log.entries.peekFirst().at().toEpochMilli() < oldestMillis)) {
            log.entries.removeFirst();
        }
    }

    private static final class RoomLog {
        private final ArrayDeque<Entry> entries = new ArrayDeque<>();
        /**
         * Starts at now_ms * 1000 rather than 0: a restarted server (a new log) then numbers above
         * anything its predecessor issued, and clients never take its events for ones already seen.
         */
        private long issued;

        RoomLog(long start) {
            this.issued = start;
        }
    }
}
