package io.integrationsrealtime.server.store;

import com.fasterxml.jackson.databind.util.RawValue;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link IdempotencyStore} in this process. A key is remembered for {@code window} (default 10
 * minutes) while the store holds at most {@code maxKeys} keys (default 100,000) and
 * {@code maxBytes} of them (default 8 MiB, estimated); beyond either bound the oldest are
 * forgotten first, so under sustained load the window is shorter than {@code window}: with
 * outcomes of ~500 bytes, 8 MiB is ~16,000 keys, i.e. 10 minutes up to ~27 executes/s, ~160 s at
 * 100/s.
 *
 * <p>A finished outcome is kept as its JSON bytes, not as the payload object: a few hundred bytes
 * in two objects rather than a graph of records, strings and maps. Long-lived graphs like that
 * made every young GC copy and scan more, which showed as 60-130 ms pauses under load. A retry
 * gets the same JSON back (as a {@link RawValue}, written out verbatim).
 *
 * <p>Why 8 MiB and not more: under load the whole store is young, short-lived data that every
 * young GC copies. Measured on one core at ~7,500 executes/s (docs/benchmarks.md): p99 / p99.9
 * 13-20 / 38 ms with 32 MiB, 4.7-5.6 / 20 ms with 8 MiB, 4.6-5.1 / 12.6 ms with 4 MiB, against
 * 2.8-4 / 8-13 ms without any requestId. Raise it when a long retry window matters more than the
 * tail; the Redis store keeps outcomes out of the heap altogether.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_KEYS = 100_000;
    public static final long DEFAULT_MAX_BYTES = 8L * 1024 * 1024;
    /** What a record costs besides its key's and outcome's characters: map entry, record, array and string headers. */
    static final int RECORD_OVERHEAD_BYTES = 128;

    private final long windowMillis;
    private final int maxKeys;
    private final long maxBytes;
    private final Clock clock;
    /** Insertion order is claim order, so the oldest record is always first. Guarded by {@code this}. */
    private final LinkedHashMap<String, Record> records = new LinkedHashMap<>();
    private long bytes;

    public InMemoryIdempotencyStore() {
        this(DEFAULT_WINDOW, DEFAULT_MAX_KEYS, DEFAULT_MAX_BYTES, Clock.systemUTC());
    }

    public InMemoryIdempotencyStore(Duration window, int maxKeys, Clock clock) {
        this(window, maxKeys, DEFAULT_MAX_BYTES, clock);
    }

    public InMemoryIdempotencyStore(Duration window, int maxKeys, long maxBytes, Clock clock) {
        if (window.isNegative() || window.isZero() || maxKeys < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("window, maxKeys and maxBytes must be positive");
        }
        this.windowMillis = window.toMillis();
        this.maxKeys = maxKeys;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Outcome> claim(String key) {
        long now = clock.millis();
        List<CompletableFuture<Outcome>> evictedWhileRunning;
        synchronized (this) {
            forgetExpired(now);
            Record existing = records.get(key);
            if (existing != null) {
                return existing.join();
            }
            Record record = new Record(now, RECORD_OVERHEAD_BYTES + key.length());
            records.put(key, record);
            bytes += record.size;
            evictedWhileRunning = evictOverBounds();
        }
        failWaiters(evictedWhileRunning);
        return null;
    }

    @Override
    public void complete(String key, Outcome outcome) {
        // Written outside the lock; ProtocolJson writes the same JSON as netty-socketio's mapper.
        byte[] json;
        try {
            json = outcome.payloadJson().getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException notJson) {
            // The caller's reply could not be written either; forget the key so a retry runs
            // again, rather than leaving a record that stays "running" and is never forgotten.
            release(key);
            return;
        }
        CompletableFuture<Outcome> waiting;
        List<CompletableFuture<Outcome>> evictedWhileRunning;
        synchronized (this) {
            Record record = records.get(key);
            if (record == null || record.event != null) {
                return;   // forgotten meanwhile (its waiters were failed), or already completed
            }
            record.event = outcome.event();
            record.json = json;
            record.size += json.length;
            bytes += json.length;
            waiting = record.waiting;
            record.waiting = null;
            evictedWhileRunning = evictOverBounds();
        }
        if (waiting != null) {
            waiting.complete(stored(outcome.event(), json));
        }
        failWaiters(evictedWhileRunning);
    }

    @Override
    public void release(String key) {
        Record record;
        synchronized (this) {
            record = records.remove(key);
            if (record != null) {
                bytes -= record.size;
            }
        }
        if (record != null && record.waiting != null) {
            record.waiting.completeExceptionally(new IntegrationFailure(ErrorCode.UNAVAILABLE,
                    "the first request with this requestId did not run; retry"));
        }
    }

    /** How many keys are remembered now (expired ones are dropped lazily, on the next claim). */
    public synchronized int size() {
        return records.size();
    }

    /** The estimated memory the remembered keys and outcomes take, in bytes. */
    public synchronized long estimatedBytes() {
        return bytes;
    }

    private void forgetExpired(long now) {
        Iterator<Map.Entry<String, Record>> oldestFirst = records.entrySet().iterator();
        while (oldestFirst.hasNext()) {
            Record record = oldestFirst.next().getValue();
            // An unfinished request is kept: a retry must still attach to it.
            if (now - record.claimedAtMillis <= windowMillis || record.event == null) {
                break;
            }
            oldestFirst.remove();
            bytes -= record.size;
        }
    }

    /**
     * Forgets the oldest records while over a bound. Returns the waiters of forgotten records that
     * were still running (their first request can no longer complete them), to fail outside the lock.
     */
    private List<CompletableFuture<Outcome>> evictOverBounds() {
        List<CompletableFuture<Outcome>> orphaned = null;
        Iterator<Record> oldestFirst = records.values().iterator();
        while ((records.size() > maxKeys || bytes > maxBytes) && records.size() > 1) {
            Record oldest = oldestFirst.next();
            oldestFirst.remove();
            bytes -= oldest.size;
            if (oldest.waiting != null) {
                orphaned = orphaned == null ? new ArrayList<>() : orphaned;
                orphaned.add(oldest.waiting);
            }
        }
        return orphaned;
    }

    private static void failWaiters(List<CompletableFuture<Outcome>> waiters) {
        if (waiters != null) {
            waiters.forEach(waiter -> waiter.completeExceptionally(new IntegrationFailure(ErrorCode.UNAVAILABLE,
                    "too many requests to remember this requestId; retry")));
        }
    }

    private static Outcome stored(String event, byte[] json) {
        return new Outcome(event, new RawValue(new String(json, StandardCharsets.UTF_8)));
    }

    /** One claimed key: running ({@code event == null}) or finished with its outcome's JSON. */
    private static final class Record {
        private final long claimedAtMillis;
        private int size;
        private String event;
        private byte[] json;
        /** Created only when a duplicate arrives while the first still runs. */
        private CompletableFuture<Outcome> waiting;

        private Record(long claimedAtMillis, int size) {
            this.claimedAtMillis = claimedAtMillis;
            this.size = size;
        }

        /** The outcome for a duplicate: at once if finished, else when the first request completes. */
        private CompletableFuture<Outcome> join() {
            if (event != null) {
                return CompletableFuture.completedFuture(stored(event, json));
            }
            if (waiting == null) {
                waiting = new CompletableFuture<>();
            }
            return waiting;
        }
    }
}
