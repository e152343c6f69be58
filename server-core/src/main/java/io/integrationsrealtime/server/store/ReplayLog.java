package io.integrationsrealtime.server.store;

import java.time.Instant;
import java.util.List;

/**
 * The bounded, ordered log of each room's events, from which a client that reconnects gets what
 * it missed. Every room event gets the room's next sequence number here. Calls for one room are
 * made one at a time by the server; implementations must not block (the in-memory one is a few
 * map operations).
 */
public interface ReplayLog {

    /** The room's next sequence number (1 for the first event); the event must then be {@link #append}ed. */
    long nextSeq(String room);

    /** Records an event that was given {@code entry.seq()}. */
    void append(String room, Entry entry);

    /**
     * The room's latest sequence number. A room that has none yet starts its sequence now (above
     * any number an earlier sequence of it reached) and answers that start, so that a client
     * joining an empty room can later ask for everything after it without being told of a gap.
     */
    long head(String room);

    /**
     * The events after {@code lastSeq}, oldest first; {@code gap} is true when some of them are no
     * longer in the log (too old, or the log was reset), so the client must refresh its state.
     */
    Replay since(String room, long lastSeq);

    /** One logged event: its sequence number, name and payload as the room received it. */
    record Entry(long seq, String event, Object payload, Instant at) {
    }

    /** What a reconnecting client missed. */
    record Replay(List<Entry> entries, boolean gap, long head) {
    }
}
