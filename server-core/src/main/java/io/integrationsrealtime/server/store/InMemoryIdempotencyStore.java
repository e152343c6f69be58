package io.integrationsrealtime.server.store;

import com.fasterxml.jackson.databind.util.RawValue;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;

/**
 * An {@link IdempotencyStore} in this process that remembers finished outcomes without a Java
 * object per key.
 *
 * <p><b>Why.</b> Under load the store's contents are young data. When it kept a map entry, a key
 * string, a record and a {@code byte[]} of JSON per key, every young GC copied all of them: at
 * 34,500 executes/s on one core (Serial GC, 512 MiB heap) with 8 MiB of outcomes, young pauses
 * were ~12 ms every 0.45 s and p99 latency 15.7 ms; with the store shrunk to 64 KiB the pauses
 * were 1.3-1.8 ms and p99 5.9 ms. Here finished outcomes live in a few long-lived primitive
 * arrays, which a young GC neither copies nor scans.
 *
 * <p><b>Layout.</b> Finished records are kept oldest first in a ring of bytes, allocated small and
 * doubled as needed up to {@code maxBytes} (never shrunk). A record is a header of
 * {@value #RECORD_OVERHEAD_BYTES} bytes (the record's length, its key's 64-bit hash, its completion
 * time, the key's and the event's lengths, the request's fingerprint) followed by the key, the
 * event name and the outcome's JSON, all in UTF-8. A record is never split: when it does not fit before the end of the array,
 * the rest of the array is skipped and the record starts at 0. An open-addressing table in two
 * arrays (key hash, record position) finds a record: linear probing, at most half full, deletion
 * by shifting the rest of the run back, so no tombstones. A hit is confirmed by comparing the key's
 * bytes, so keys with the same hash never get each other's outcome. The hash is seeded per store,
 * so clients choosing requestIds cannot aim their keys at one probe run. Claims still running are
 * in an ordinary map with their waiting duplicates (they are few: the server bounds requests in
 * flight per connection and how long a backend call may take); completing one moves it into the
 * ring. A retry gets the first outcome's JSON back (as a {@link RawValue}), decoded from its UTF-8
 * bytes.
 *
 * <p><b>Bounds.</b>
 * <ul>
 * <li>{@code window} (default 10 minutes): a finished outcome is forgotten {@code window} after
 *     its request completed, so a slow first request does not shorten the retry window (checked
 *     at the ring's oldest end on each claim and completion). A running claim does not expire: a
 *     duplicate must still be able to join it.</li>
 * <li>{@code maxBytes} (default 32 MiB, at most a little under 2 GiB): the size of the ring; the
 *     finished records (header, key, event and outcome) never take more. The oldest are forgotten
 *     first to make room (as records are not split, the ring may run up to about two records short
 *     of full before it forgets one). A record larger than the whole ring is not kept: its waiting duplicates
 *     get the outcome, and a later retry runs again, as if it had been forgotten at once. Running
 *     claims are not in the ring and do not count against {@code maxBytes}.</li>
 * <li>{@code maxKeys} (default 100,000): keys remembered, finished and running together. A new
 *     claim beyond it forgets the oldest finished record. Only when none is left, that is with
 *     {@code maxKeys} claims running at once (in practice: claims that are never completed nor
 *     released), is the oldest running claim forgotten: its waiting duplicates fail with
 *     {@code UNAVAILABLE}, and a retry runs again.</li>
 * </ul>
 * So under sustained load the retry window is shorter than {@code window}: with outcomes of ~500
 * bytes and keys of ~80 a record takes ~650 bytes, and 32 MiB holds ~52,000 of them: the full 10
 * minutes up to ~86 executes/s, ~9 min at 100/s, ~52 s at 1,000/s, ~1.5 s at 34,500/s. The
 * default was 8 MiB while outcomes were objects (above); as bytes in the ring, 32 MiB measured the
 * same young pauses (1.1-1.8 ms) and p99 as 8 MiB at 37,700 executes/s. Besides
 * the ring, memory is the table (12 bytes a slot; it doubles when half full, up to twice
 * {@code maxKeys} slots, and is never shrunk) and about {@value #RUNNING_OVERHEAD_BYTES} bytes plus
 * twice the key per running claim; {@link #estimatedBytes()} counts the ring's records and the
 * running claims.
 *
 * <p>{@link #release} gives up a running claim only: a key whose request completed keeps its
 * outcome, since that request ran.
 *
 * <p>A running claim and a finished record keep the request's fingerprint: a claim of the same
 * key with another fingerprint gets {@link IdempotencyStore#reused()}, and neither disturbs the
 * first request nor its waiting duplicates. A running claim lives as long as this process: a
 * store in one process needs no lease.
 *
 * <p>Thread-safe: one lock, held for table and ring work only (copying an outcome's characters
 * into the ring is part of it); outcomes are written as JSON, and futures completed, outside it.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

    /** How long a finished outcome is returned to retries by default, counted from its completion. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    /** How many keys, finished and running, are remembered at most by default. */
    public static final int DEFAULT_MAX_KEYS = 100_000;
    /** How many bytes the finished records may take by default (32 MiB). */
    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    /** The header in front of each finished record in the ring, in bytes. */
    static final int RECORD_OVERHEAD_BYTES = 36;
    /** What a running claim costs besides its key's characters and UTF-8 bytes: map entry, claim, array and string headers. */
    static final int RUNNING_OVERHEAD_BYTES = 128;
    /** The largest {@code byte[]} the ring may become. */
    private static final int MAX_RING_BYTES = Integer.MAX_VALUE - 8;

    // Where the header's fields are, from the start of a record.
    private static final int LENGTH = 0;
    private static final int HASH = 4;
    private static final int TIME = 12;
    private static final int KEY_LENGTH = 20;
    private static final int EVENT_LENGTH = 24;
    private static final int FINGERPRINT = 28;
    /** A length of 0 where a record would start: the rest of the array is skipped, the next record is at 0. */
    private static final int WRAP = 0;
    /** An empty table slot; also "not found". */
    private static final int EMPTY = -1;
    private static final int FIRST_RING_BYTES = 64 * 1024;
    private static final int FIRST_SLOTS = 1024;
    private static final int MAX_SLOTS = 1 << 30;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final long windowMillis;
    private final int maxKeys;
    private final int ringLimit;
    private final int maxSlots;
    private final Clock clock;
    private final ToLongFunction<byte[]> keyHash;

    // All below guarded by this.
    private byte[] ring;
    /** Where the oldest record starts. */
    private int tail;
    /** Where the next record goes (unless it must wrap to 0). */
    private int head;
    /** Records in the ring; each is in the table too. */
    private int ringRecords;
    private int ringBytes;
    private long[] slotHashes;
    /** Record positions in the ring, {@link #EMPTY} for a free slot. */
    private int[] slotPositions;
    private int mask;
    /** Insertion order is claim order, so the oldest running claim is first. */
    private final LinkedHashMap<String, Running> running = new LinkedHashMap<>();
    private long runningBytes;

    /** A store with the default bounds, on the system clock. */
    public InMemoryIdempotencyStore() {
        this(DEFAULT_WINDOW, DEFAULT_MAX_KEYS, DEFAULT_MAX_BYTES, Clock.systemUTC());
    }

    /**
     * A store with its own window and key bound, and the default {@link #DEFAULT_MAX_BYTES}.
     *
     * @param window  how long a finished outcome is kept, positive
     * @param maxKeys keys remembered at most, positive
     * @param clock   where completion times and expiry are read from
     * @throws IllegalArgumentException if a bound is not positive
     */
    public InMemoryIdempotencyStore(Duration window, int maxKeys, Clock clock) {
        this(window, maxKeys, DEFAULT_MAX_BYTES, clock);
    }

    /**
     * A store with its own bounds (see the class description for what each costs).
     *
     * @param window   how long a finished outcome is kept, positive
     * @param maxKeys  keys remembered at most, positive
     * @param maxBytes bytes the finished records may take, positive (capped a little under 2 GiB);
     *                 the ring grows up to it as needed
     * @param clock    where completion times and expiry are read from
     * @throws IllegalArgumentException if a bound is not positive
     */
    public InMemoryIdempotencyStore(Duration window, int maxKeys, long maxBytes, Clock clock) {
        this(window, maxKeys, maxBytes, clock, seededHash(new SecureRandom().nextLong()));
    }

    /** With the key hash given, so that tests can make keys collide. */
    InMemoryIdempotencyStore(Duration window, int maxKeys, long maxBytes, Clock clock, ToLongFunction<byte[]> keyHash) {
        if (window.isNegative() || window.isZero() || maxKeys < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("window, maxKeys and maxBytes must be positive");
        }
        this.windowMillis = window.toMillis();
        this.maxKeys = maxKeys;
        this.ringLimit = (int) Math.min(maxBytes, MAX_RING_BYTES);
        // Twice maxKeys, so that the table is at most half full.
        this.maxSlots = (int) Math.min(MAX_SLOTS, Long.highestOneBit(2L * maxKeys - 1) << 1);
        this.clock = clock;
        this.keyHash = keyHash;
        this.ring = new byte[Math.min(ringLimit, FIRST_RING_BYTES)];
        this.slotHashes = new long[Math.min(maxSlots, FIRST_SLOTS)];
        this.slotPositions = emptySlots(slotHashes.length);
        this.mask = slotHashes.length - 1;
    }

    @Override
    public CompletableFuture<Outcome> claim(String key, long fingerprint) {
        byte[] keyUtf8 = Utf8.keyBytes(key);
        long hash = keyHash.applyAsLong(keyUtf8);
        long now = clock.millis();
        List<CompletableFuture<Outcome>> orphaned;
        synchronized (this) {
            forgetExpired(now);
            Running first = running.get(key);
            if (first != null) {
                return first.fingerprint == fingerprint ? first.join() : CompletableFuture.failedFuture(IdempotencyStore.reused());
            }
            int slot = slotOf(hash, keyUtf8);
            if (slot != EMPTY) {
                int at = slotPositions[slot];
                return (long) LONG.get(ring, at + FINGERPRINT) == fingerprint
                        ? CompletableFuture.completedFuture(outcomeAt(at)) : CompletableFuture.failedFuture(IdempotencyStore.reused());
            }
            orphaned = makeRoomForAKey();
            Running claim = new Running(keyUtf8, hash, fingerprint, RUNNING_OVERHEAD_BYTES + key.length() + keyUtf8.length);
            running.put(key, claim);
            runningBytes += claim.estimatedBytes;
        }
        failWaiters(orphaned);
        return null;
    }

    @Override
    public void complete(String key, Outcome outcome) {
        // The JSON (and its UTF-8 length) outside the lock; ProtocolJson writes the same JSON as
        // netty-socketio's mapper.
        String event;
        String json;
        long eventBytes;
        long jsonBytes;
        try {
            event = outcome.event();
            json = outcome.payloadJson();
            eventBytes = Utf8.length(event);
            jsonBytes = Utf8.length(json);
        } catch (RuntimeException notJson) {
            // The caller's reply could not be written either; forget the key so a retry runs
            // again, rather than leaving a claim that stays "running" and is never forgotten.
            release(key);
            return;
        }
        long now = clock.millis();
        CompletableFuture<Outcome> waiting;
        synchronized (this) {
            Running claim = running.remove(key);
            if (claim == null) {
                return;   // forgotten meanwhile (its waiters were failed), or already completed
            }
            runningBytes -= claim.estimatedBytes;
            waiting = claim.waiting;
            forgetExpired(now);
            long length = RECORD_OVERHEAD_BYTES + claim.keyUtf8.length + eventBytes + jsonBytes;
            // A record larger than the whole ring is not kept: forgotten at once, as if evicted.
            if (length <= ringLimit) {
                append(claim, now, event, (int) eventBytes, json, (int) length);
            }
        }
        if (waiting != null) {
            waiting.complete(new Outcome(event, new RawValue(json)));
        }
    }

    /**
     * Gives up a running claim. A key whose request has completed is kept: that request ran, and a
     * retry gets its outcome.
     */
    @Override
    public void release(String key) {
        Running claim;
        synchronized (this) {
            claim = running.remove(key);
            if (claim != null) {
                runningBytes -= claim.estimatedBytes;
            }
        }
        if (claim != null && claim.waiting != null) {
            claim.waiting.completeExceptionally(new IntegrationFailure(ErrorCode.UNAVAILABLE,
                    "the first request with this requestId did not run; retry"));
        }
    }

    /**
     * How many keys are remembered now, for metrics.
     *
     * @return finished and running keys; expired ones count until they are dropped, lazily, on the
     *         next claim or completion
     */
    public synchronized int size() {
        return ringRecords + running.size();
    }

    /**
     * The memory the remembered keys and outcomes take, in bytes: the finished records in the ring
     * (headers included) and an estimate for the running claims.
     *
     * @return bytes, for metrics; the ring's and the table's allocated arrays may be larger
     */
    public synchronized long estimatedBytes() {
        return ringBytes + runningBytes;
    }

    // ---- bounds ----

    private void forgetExpired(long now) {
        while (ringRecords > 0 && now - (long) LONG.get(ring, tail + TIME) > windowMillis) {
            forgetOldest();
        }
    }

    /**
     * Makes room for one more key under {@code maxKeys}: forgets the oldest finished keys, or, when
     * none is left, the oldest running claims. Returns the waiters of forgotten running claims
     * (their first request can no longer complete them), to fail outside the lock.
     */
    private List<CompletableFuture<Outcome>> makeRoomForAKey() {
        List<CompletableFuture<Outcome>> orphaned = null;
        while (ringRecords + running.size() >= maxKeys) {
            if (ringRecords > 0) {
                forgetOldest();
                continue;
            }
            Iterator<Running> oldestFirst = running.values().iterator();
            Running oldest = oldestFirst.next();
            oldestFirst.remove();
            runningBytes -= oldest.estimatedBytes;
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

    // ---- the ring ----

    private void append(Running claim, long now, String event, int eventLength, String json, int length) {
        int at = reserve(length);
        int keyLength = claim.keyUtf8.length;
        INT.set(ring, at + LENGTH, length);
        LONG.set(ring, at + HASH, claim.hash);
        LONG.set(ring, at + TIME, now);
        INT.set(ring, at + KEY_LENGTH, keyLength);
        INT.set(ring, at + EVENT_LENGTH, eventLength);
        LONG.set(ring, at + FINGERPRINT, claim.fingerprint);
        System.arraycopy(claim.keyUtf8, 0, ring, at + RECORD_OVERHEAD_BYTES, keyLength);
        Utf8.encode(json, ring, Utf8.encode(event, ring, at + RECORD_OVERHEAD_BYTES + keyLength));
        head = at + length;
        ringRecords++;
        ringBytes += length;
        index(claim.hash, at);
    }

    /**
     * Where a record of {@code length} bytes ({@code <= ringLimit}) goes: the ring grows while it
     * may, then the oldest records are forgotten until it fits.
     */
    private int reserve(int length) {
        while (true) {
            int at = freeSpaceFor(length);
            if (at != EMPTY) {
                return at;
            }
            if (ring.length < ringLimit) {
                growRing();
            } else {
                forgetOldest();
            }
        }
    }

    /** Where {@code length} contiguous free bytes start, wrapping {@link #head} to 0 if that is where; else {@link #EMPTY}. */
    private int freeSpaceFor(int length) {
        if (ringRecords == 0) {
            head = 0;
            tail = 0;
            return length <= ring.length ? 0 : EMPTY;
        }
        if (head > tail) {   // records in [tail, head): free after head, then before tail
            if (ring.length - head >= length) {
                return head;
            }
            if (tail >= length) {
                if (ring.length - head >= RECORD_OVERHEAD_BYTES) {
                    INT.set(ring, head + LENGTH, WRAP);
                }
                head = 0;
                return 0;
            }
            return EMPTY;
        }
        // records in [tail, end) and [0, head); full when head == tail
        return tail - head >= length ? head : EMPTY;
    }

    /** Where the record at or after {@code at} starts: 0 if the rest of the array was skipped. */
    private int recordAt(int at) {
        return ring.length - at < RECORD_OVERHEAD_BYTES || (int) INT.get(ring, at + LENGTH) == WRAP ? 0 : at;
    }

    private void forgetOldest() {
        int at = tail;
        int length = (int) INT.get(ring, at + LENGTH);
        unindex(slotAt((long) LONG.get(ring, at + HASH), at));
        ringBytes -= length;
        ringRecords--;
        tail = ringRecords == 0 ? 0 : recordAt(at + length);
        if (ringRecords == 0) {
            head = 0;
        }
    }

    /**
     * Doubles the ring (up to its limit), copying the records to its start, oldest first; the
     * table is rebuilt for their new positions.
     */
    private void growRing() {
        byte[] bigger = new byte[(int) Math.min(ringLimit, 2L * ring.length)];
        long[] hashes = new long[slotHashes.length];
        int[] positions = emptySlots(hashes.length);
        int from = tail;
        int to = 0;
        for (int left = ringRecords; left > 0; left--) {
            from = recordAt(from);
            int length = (int) INT.get(ring, from + LENGTH);
            System.arraycopy(ring, from, bigger, to, length);
            place(hashes, positions, (long) LONG.get(ring, from + HASH), to);
            from += length;
            to += length;
        }
        ring = bigger;
        slotHashes = hashes;
        slotPositions = positions;
        tail = 0;
        head = to;
    }

    private Outcome outcomeAt(int at) {
        int keyLength = (int) INT.get(ring, at + KEY_LENGTH);
        int eventLength = (int) INT.get(ring, at + EVENT_LENGTH);
        int event = at + RECORD_OVERHEAD_BYTES + keyLength;
        int json = event + eventLength;
        int jsonLength = at + (int) INT.get(ring, at + LENGTH) - json;
        return new Outcome(new String(ring, event, eventLength, StandardCharsets.UTF_8),
                new RawValue(new String(ring, json, jsonLength, StandardCharsets.UTF_8)));
    }

    private boolean keyAt(int at, byte[] keyUtf8) {
        int keyLength = (int) INT.get(ring, at + KEY_LENGTH);
        int from = at + RECORD_OVERHEAD_BYTES;
        return keyLength == keyUtf8.length && Arrays.equals(ring, from, from + keyLength, keyUtf8, 0, keyLength);
    }

    // ---- the table ----

    /** The slot of the finished record with this key, or {@link #EMPTY}. */
    private int slotOf(long hash, byte[] keyUtf8) {
        for (int slot = (int) hash & mask; slotPositions[slot] != EMPTY; slot = (slot + 1) & mask) {
            if (slotHashes[slot] == hash && keyAt(slotPositions[slot], keyUtf8)) {
                return slot;
            }
        }
        return EMPTY;
    }

    /** The slot pointing at the record at {@code at}, whose key has {@code hash}. */
    private int slotAt(long hash, int at) {
        for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
            if (slotPositions[slot] == at) {
                return slot;
            }
            if (slotPositions[slot] == EMPTY) {
                throw new IllegalStateException("the record at " + at + " is missing from the table");
            }
        }
    }

    /** Adds the record just appended at {@code at} (counted in {@link #ringRecords}) to the table. */
    private void index(long hash, int at) {
        if (ringRecords > slotHashes.length / 2 && slotHashes.length < maxSlots) {
            growTable();
        }
        place(slotHashes, slotPositions, hash, at);
    }

    /** Empties {@code hole}, moving later entries of its run back so that every entry stays reachable from its home slot. */
    private void unindex(int hole) {
        for (int next = (hole + 1) & mask; slotPositions[next] != EMPTY; next = (next + 1) & mask) {
            int home = (int) slotHashes[next] & mask;
            // The entry may fill the hole unless its home lies after the hole (within the run).
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                slotHashes[hole] = slotHashes[next];
                slotPositions[hole] = slotPositions[next];
                hole = next;
            }
        }
        slotPositions[hole] = EMPTY;
    }

    private void growTable() {
        long[] oldHashes = slotHashes;
        int[] oldPositions = slotPositions;
        slotHashes = new long[oldHashes.length * 2];
        slotPositions = emptySlots(slotHashes.length);
        mask = slotHashes.length - 1;
        for (int slot = 0; slot < oldHashes.length; slot++) {
            if (oldPositions[slot] != EMPTY) {
                place(slotHashes, slotPositions, oldHashes[slot], oldPositions[slot]);
            }
        }
    }

    /** Puts an entry in the first free slot from its home; the table is never full. */
    private void place(long[] hashes, int[] positions, long hash, int at) {
        int slot = (int) hash & mask;
        while (positions[slot] != EMPTY) {
            slot = (slot + 1) & mask;
        }
        hashes[slot] = hash;
        positions[slot] = at;
    }

    private static int[] emptySlots(int count) {
        int[] positions = new int[count];
        Arrays.fill(positions, EMPTY);
        return positions;
    }

    /**
     * A 64-bit hash of a key's bytes, seeded so that keys cannot be chosen to collide without
     * knowing the seed: eight bytes at a time through a multiply-xorshift mix.
     */
    static ToLongFunction<byte[]> seededHash(long seed) {
        return key -> {
            long hash = mix(seed ^ key.length);
            int i = 0;
            for (; i + 8 <= key.length; i += 8) {
                hash = mix(hash ^ (long) LONG.get(key, i));
            }
            long last = 0;
            for (int shift = 0; i < key.length; i++, shift += 8) {
                last |= (key[i] & 0xFFL) << shift;
            }
            return mix(hash ^ last);
        };
    }

    private static long mix(long x) {
        x = (x ^ (x >>> 31)) * 0x7FB5D329728EA185L;
        x = (x ^ (x >>> 27)) * 0x81DADEF4BC2DD44DL;
        return x ^ (x >>> 33);
    }

    /** A claim whose request is still running. */
    private static final class Running {
        private final byte[] keyUtf8;
        private final long hash;
        private final long fingerprint;
        private final int estimatedBytes;
        /** Created only when a duplicate arrives while the first still runs. */
        private CompletableFuture<Outcome> waiting;

        private Running(byte[] keyUtf8, long hash, long fingerprint, int estimatedBytes) {
            this.keyUtf8 = keyUtf8;
            this.hash = hash;
            this.fingerprint = fingerprint;
            this.estimatedBytes = estimatedBytes;
        }

        /** The outcome for a duplicate, when the first request completes. */
        private CompletableFuture<Outcome> join() {
            if (waiting == null) {
                waiting = new CompletableFuture<>();
            }
            return waiting;
        }
    }
}
