package io.integrationsrealtime.server.redis;

import io.integrationsrealtime.server.cluster.RoomEventBus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's view of each room it serves: the last sequence number handed to its sockets. Events
 * arrive from the channel in order; a number skipped (a message lost while the subscription was
 * down) is fetched from the room's log before anything later is delivered, and every room is
 * checked the same way when the subscription comes back. Rooms nobody on this node is in are
 * forgotten, so the map holds only rooms with local sockets.
 */
final class RoomFeeds {

    private static final Logger log = LoggerFactory.getLogger(RoomFeeds.class);
    /** How long a room's missed events are fetched again before what is held is delivered without them. */
    private static final long GIVE_UP_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    /** (room, last delivered seq) -> the logged events after it, oldest first. */
    private final BiFunction<String, Long, CompletionStage<List<LoggedEvent>>> fetchAfter;
    /** Told of a room forgotten because an event of it found nobody here. */
    private final Consumer<String> unserved;
    private volatile RoomEventBus.Delivery delivery;

    RoomFeeds(BiFunction<String, Long, CompletionStage<List<LoggedEvent>>> fetchAfter, Consumer<String> unserved) {
        this.fetchAfter = fetchAfter;
        this.unserved = unserved;
    }

    void start(RoomEventBus.Delivery delivery) {
        this.delivery = delivery;
    }

    /** An event from the channel (one thread, channel order). */
    void onLive(LoggedEvent event) {
        if (delivery == null) {
            return;
        }
        Feed feed = feeds.computeIfAbsent(event.room(), Feed::new);
        synchronized (feed) {
            if (feed.catchingUp) {
                feed.held.add(event);
            } else if (feed.delivered > 0 && event.seq() > feed.delivered + 1) {
                feed.held.add(event);
                catchUp(feed);
            } else {
                deliver(feed, event);
            }
        }
    }

    /** After the subscription was re-established: fetch what every served room may have missed. */
    void repairAll() {
        for (Feed feed : feeds.values()) {
            synchronized (feed) {
                if (!feed.catchingUp && feed.delivered > 0) {
                    catchUp(feed);
                }
            }
        }
    }

    /** After the room's subscription was made again: fetch what it may have missed. */
    void repair(String room) {
        Feed feed = feeds.get(room);
        if (feed == null) {
            return;
        }
        synchronized (feed) {
            if (!feed.catchingUp && feed.delivered > 0) {
                catchUp(feed);
            }
        }
    }

    /** Number of rooms tracked (for tests and metrics). */
    int size() {
        return feeds.size();
    }

    private void catchUp(Feed feed) {
        feed.catchingUp = true;
        fetch(feed, 0, System.nanoTime() + GIVE_UP_NANOS);
    }

    /**
     * Reads what the room's log has after the last delivered event. A failed read (the command
     * connection often comes back a moment after the subscription) is retried with backoff (up to
     * 250 ms, so live events held meanwhile are not held long once Redis is back), the live events
     * meanwhile held, so nothing is delivered out of order or skipped. The outage itself was
     * logged once by {@link Outages}: retries are logged at DEBUG only.
     */
    private void fetch(Feed feed, int attempt, long giveUpAtNanos) {
        fetchAfter.apply(feed.room, feed.delivered).whenComplete((missed, failure) -> {
            synchronized (feed) {
                if (failure != null && System.nanoTime() - giveUpAtNanos < 0) {
                    log.debug("could not fetch missed events of {} after seq {} yet, retrying: {}",
                            feed.room, feed.delivered, failure.toString());
                    long backoffMillis = Math.min(250, 50L << Math.min(attempt, 3));
                    CompletableFuture.delayedExecutor(backoffMillis, TimeUnit.MILLISECONDS)
                            .execute(() -> fetch(feed, attempt + 1, giveUpAtNanos));
                    return;
                }
                List<LoggedEvent> all = new ArrayList<>(feed.held);
                if (failure != null) {
                    // About five minutes without Redis: deliver what is held; clients re-joining later are told of the gap.
                    log.warn("gave up fetching missed events of {} after seq {}", feed.room, feed.delivered);
                } else {
                    all.addAll(missed);
                }
                all.sort(Comparator.comparingLong(LoggedEvent::seq));
                feed.held.clear();
                feed.catchingUp = false;
                for (LoggedEvent event : all) {
                    deliver(feed, event);
                }
            }
        });
    }

    /** Hands the event on unless it is a copy (a new sequence always starts above an old one). */
    private void deliver(Feed feed, LoggedEvent event) {
        if (event.seq() <= feed.delivered) {
            return;
        }
        feed.delivered = event.seq();
        boolean served;
        try {
            served = delivery.deliver(feed.room, event.toEntry(), event.excludedSessionId());
        } catch (RuntimeException e) {
            log.warn("could not deliver {} of {} at seq {}: {}", event.event(), feed.room, event.seq(), e.toString());
            served = true;
        }
        if (!served && !feed.catchingUp && feeds.remove(feed.room, feed)) {
            unserved.accept(feed.room);
        }
    }

    private static final class Feed {
        private final String room;
        private final List<LoggedEvent> held = new ArrayList<>();
        private long delivered;
        private boolean catchingUp;

        private Feed(String room) {
            this.room = room;
        }
    }
}
