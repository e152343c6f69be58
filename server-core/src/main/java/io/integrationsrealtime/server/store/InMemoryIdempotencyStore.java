package io.integrationsrealtime.server.store;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link IdempotencyStore} in this process: keys are remembered for {@code window} (default 10
 * minutes), at most {@code maxKeys} (default 100,000), oldest forgotten first.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_KEYS = 100_000;

    private final Duration window;
    private final int maxKeys;
    private final Clock clock;
    private final LinkedHashMap<String, Record> records = new LinkedHashMap<>();

    public InMemoryIdempotencyStore() {
        this(DEFAULT_WINDOW, DEFAULT_MAX_KEYS, Clock.systemUTC());
    }

    public InMemoryIdempotencyStore(Duration window, int maxKeys, Clock clock) {
        this.window = window;
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    @Override
    public synchronized CompletableFuture<Outcome> claim(String key) {
        Instant now = clock.instant();
        forgetExpired(now);
        Record existing = records.get(key);
        if (existing != null) {
            return existing.outcome;
        }
        records.put(key, new Record(now, new CompletableFuture<>()));
        if (records.size() > maxKeys) {
            Iterator<String> oldest = records.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return null;
    }

    @Override
    public void complete(String key, Outcome outcome) {
        Record record;
        synchronized (this) {
            record = records.get(key);
        }
        if (record != null) {
            record.outcome.complete(outcome);
        }
    }

    @Override
    public void release(String key) {
        Record record;
        synchronized (this) {
            record = records.remove(key);
        }
        if (record != null) {
            record.outcome.completeExceptionally(new IntegrationFailure(ErrorCode.UNAVAILABLE,
                    "the first request with this requestId did not run; retry"));
        }
    }

    private void forgetExpired(Instant now) {
        Iterator<Map.Entry<String, Record>> oldestFirst = records.entrySet().iterator();
        while (oldestFirst.hasNext()) {
            Record record = oldestFirst.next().getValue();
            // An unfinished request is kept: a retry must still attach to it.
            if (!record.claimedAt.plus(window).isBefore(now) || !record.outcome.isDone()) {
                break;
            }
            oldestFirst.remove();
        }
    }

    private record Record(Instant claimedAt, CompletableFuture<Outcome> outcome) {
    }
}
