package io.integrationsrealtime.server.store;

import java.time.Instant;
import java.util.List;

/**
 * The bounded, ordered log of each room's events, from which a client that reconnects gets what
 * it missed. Every room event gets the room's next sequence number here. Calls for one room are
 * made one at a time by the server; implementations must not block (the in-memory one is a few
 * map operations).
 *
 * <p>The server uses a log only through its default, single-node bus; a cluster
 * {@link io.integrationsrealtime.server.cluster.RoomEventBus} keeps its own.
 */
public interface ReplayLog {

    /**
     * Issues the room's next sequence number; the event must then be {@link #append}ed. Numbers
     * rise by one per event. A room the log does not know starts above any number it may have
     * had before (the in-memory log starts at the current time in milliseconds x 1000), so
     * clients never take new events for ones they saw; numbers stay below 2^53 for JavaScript.
     *
     * @param room the room's name, opaque to the log
     * @return the number for the room's next event
     */
    long nextSeq(String room);

    /**
     * Records an event that was given {@code entry.seq()}; called in sequence order per room.
     *
     * @param room  the room's name
     * @param entry the event, numbered by {@link #nextSeq}
     */
    void append(String room, Entry entry);

    /**
     * The room's latest sequence number. A room that has none yet starts its sequence now (above
     * any number an earlier sequence of it reached) and answers that start, so that a client
     * joining an empty room can later ask for everything after it without being told of a gap.
     *
     * @param room the room's key
     * @return the last number issued, or the start of the sequence just begun
     */
    long head(String room);

    /**
     * The events after {@code lastSeq}, oldest first; {@code gap} is true when some of them are no
     * longer in the log (too old, or the log was reset), so the client must refresh its state.
     *
     * @param room    the room's name
     * @param lastSeq the last number the client saw
     * @return what the client missed, and the room's head
     */
    Replay since(String room, long lastSeq);

    /**
     * One logged event: its sequence number, name and payload as the room received it.
     *
     * @param seq     its number in the room's sequence
     * @param event   the event name, e.g. {@code integration:usage:updated}
     * @param payload what the room's sockets are sent: a protocol record or a JSON tree, carrying
     *                {@code seq}; written with Jackson
     * @param at      when it was logged; replay age is measured from it
     */
    record Entry(long seq, String event, Object payload, Instant at) {
    }

    /**
     * What a reconnecting client missed.
     *
     * @param entries the events after the client's last one still in the log, oldest first
     * @param gap     whether some events after the client's last one are no longer in the log
     * @param head    the room's latest sequence number when read
     */
    record Replay(List<Entry> entries, boolean gap, long head) {
    }
}
