package io.integrationsrealtime.server.webhook;

import io.integrationsrealtime.server.webhook.WebhookVerificationException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers webhook ids so a delivery the provider retries (same id, fresh signature) is mirrored
 * once. Call it only <em>after</em> {@link WebhookVerifier#verify} succeeded, so unauthenticated
 * requests cannot use up ids.
 *
 * <p>The id is {@link VerifiedWebhook#id()} ({@code webhook-id}) for Standard Webhooks. Stripe-style
 * webhooks carry no id header: use the event id in the JSON body ({@code "id": "evt_..."}),
 * which Stripe keeps the same across retries.
 *
 * <p>An id is remembered for {@link #DEFAULT_RETENTION} (24 h), which covers the early, dense
 * part of providers' retry schedules where duplicates happen (a response lost after the host
 * handled the delivery), and far exceeds twice the verifier's timestamp tolerance, so a captured
 * request cannot be replayed while its signature is still fresh. At most
 * {@link #DEFAULT_MAX_ENTRIES} ids are kept; beyond that the oldest are forgotten first. Memory is
 * in-process: with several host instances, a retry reaching another instance is mirrored again.
 *
 * <p>Thread-safe; each call is a short critical section.
 */
public final class WebhookDeduplicator {

    /** How long an id is remembered by default. */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
    /** How many ids are remembered at most by default (on the order of 15 MB with typical 30-character ids). */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private final Duration retention;
    private final int maxEntries;
    private final Clock clock;
    /** Id to when it was first seen, in insertion order, so the oldest entry is always first. */
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    /** Remembers ids for {@link #DEFAULT_RETENTION}, at most {@link #DEFAULT_MAX_ENTRIES}. */
    public WebhookDeduplicator() {
        this(DEFAULT_RETENTION, DEFAULT_MAX_ENTRIES, Clock.systemUTC());
    }

    /**
     * @param retention  how long an id is remembered; keep it at least twice the verifier's tolerance
     * @param maxEntries how many ids are remembered at most; the oldest are forgotten first
     * @param clock      where "now" is read from
     */
    public WebhookDeduplicator(Duration retention, int maxEntries, Clock clock) {
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.retention = retention;
        this.maxEntries = maxEntries;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * True the first time an id is seen within the retention window, false for a repeat. A
     * {@code true} answer records the id, so ask once per delivery, right before mirroring it,
     * and {@link #forget} it if mirroring then fails.
     *
     * @param webhookId the provider's delivery id, not blank
     * @return true for a first delivery (now recorded), false for a repeat within the retention
     * @throws IllegalArgumentException if {@code webhookId} is null or blank
     */
    public boolean firstDelivery(String webhookId) {
        requireId(webhookId);
        Instant now = clock.instant();
        synchronized (seen) {
            forgetExpired(now);
            Instant firstSeen = seen.get(webhookId);
            if (firstSeen != null && !expired(firstSeen, now)) {
                return false;
            }
            // Remove before put so a re-recorded id moves to the end of the insertion order.
            seen.remove(webhookId);
            seen.put(webhookId, now);
            if (seen.size() > maxEntries) {
                Iterator<String> oldest = seen.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            return true;
        }
    }

    /**
     * Forgets an id, so that its next delivery counts as the first. Call it when mirroring a
     * delivery that {@link #firstDelivery} let through failed (e.g. {@code publishWebhook} threw
     * {@code UNAVAILABLE} and the provider was answered 5xx): otherwise the provider's retry would
     * be taken for a duplicate and the webhook never mirrored. Unknown ids are ignored.
     *
     * @param webhookId the id {@link #firstDelivery} recorded
     * @throws IllegalArgumentException if {@code webhookId} is null or blank
     */
    public void forget(String webhookId) {
        requireId(webhookId);
        synchronized (seen) {
            seen.remove(webhookId);
        }
    }

    /**
     * {@link #firstDelivery} for hosts that handle refusals in one {@code catch}: throws
     * {@link Reason#REPLAYED} for a repeat (answer the provider 2xx anyway, so it stops retrying).
     *
     * @param webhookId the provider's delivery id, not blank
     * @throws WebhookVerificationException with {@link Reason#REPLAYED} for a repeat
     * @throws IllegalArgumentException     if {@code webhookId} is null or blank
     */
    public void requireFirstDelivery(String webhookId) throws WebhookVerificationException {
        if (!firstDelivery(webhookId)) {
            throw new WebhookVerificationException(Reason.REPLAYED, "webhook id already delivered");
        }
    }

    /**
     * How many ids are remembered right now, for metrics.
     *
     * @return ids held; expired ones count until they are dropped, lazily, on the next call
     */
    public int size() {
        synchronized (seen) {
            return seen.size();
        }
    }

    private static void requireId(String webhookId) {
        if (webhookId == null || webhookId.isBlank()) {
            throw new IllegalArgumentException("webhookId is required");
        }
    }

    private void forgetExpired(Instant now) {
        // Insertion order is time order (unless the clock steps back), so stop at the first live entry.
        Iterator<Map.Entry<String, Instant>> oldestFirst = seen.entrySet().iterator();
        while (oldestFirst.hasNext() && expired(oldestFirst.next().getValue(), now)) {
            oldestFirst.remove();
        }
    }

    private boolean expired(Instant firstSeen, Instant now) {
        return !now.isBefore(firstSeen.plus(retention));
    }
}
