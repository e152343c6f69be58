package io.integrationsrealtime.client;

/**
 * The last sequence number this client saw of one room, so that a re-join after a reconnect asks
 * for exactly what was missed, and events seen twice (live, then replayed) reach listeners once.
 */
final class SequenceTracker {

    private long last = -1;

    /** Whether an event with this sequence number is new; events without one always are. */
    synchronized boolean accept(Long seq) {
        if (seq == null) {
            return true;
        }
        if (seq <= last) {
            return false;
        }
        last = seq;
        return true;
    }

    /**
     * After a join or subscribe, with or without a gap: everything up to the room's head is now
     * accounted for. Never goes back: a head below what was already delivered (the server named an
     * older one) would let repeats through, and a sequence that starts over begins above every
     * number an earlier one reached (at the current time in milliseconds x 1000).
     */
    synchronized void caughtUpTo(Long head) {
        if (head != null && head > last) {
            last = head;
        }
    }

    /** The last sequence number seen, or null before the first join. */
    synchronized Long lastSeen() {
        return last < 0 ? null : last;
    }

    /** Forgets the room (after leaving it on purpose). */
    synchronized void reset() {
        last = -1;
    }
}
