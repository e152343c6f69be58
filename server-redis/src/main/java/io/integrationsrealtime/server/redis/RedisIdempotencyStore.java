package io.integrationsrealtime.server.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ProtocolJson;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import io.integrationsrealtime.server.store.IdempotencyStore;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.netty.util.concurrent.EventExecutorGroup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link IdempotencyStore} every node shares (see claim.lua for the key's two forms). The first
 * request claims the key for its node and its fingerprint; the claim holds while the node's lease
 * does ({@link NodeLease}, renewed every second by default) and at most the running-claim TTL. Its
 * outcome replaces the claim, with the fingerprint, for the idempotency window. A retry that finds
 * the claim of a live node polls until the outcome is there; one that finds the claim of a node
 * whose lease ran out takes it over and runs (so a retry after a node died runs within about the
 * lease); one with another fingerprint is refused with {@code IDEMPOTENCY_KEY_REUSED}.
 */
final class RedisIdempotencyStore implements IdempotencyStore {

    private static final Logger log = LoggerFactory.getLogger(RedisIdempotencyStore.class);
    private static final LuaScript CLAIM = new LuaScript("claim.lua");
    private static final LuaScript RELEASE = new LuaScript("release.lua");
    private static final LuaScript LEASE = new LuaScript("lease.lua");
    private static final LuaScript TAKEOVER = new LuaScript("takeover.lua");
    private static final long FIRST_POLL_MILLIS = 20;
    private static final long MAX_POLL_MILLIS = 250;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisSettings settings;
    private final Outages outages;
    private final EventExecutorGroup timer;
    private final String nodeId;
    /** This node's running claims: key -> fingerprint, for writing the outcome next to it. */
    private final Map<String, Long> running = new ConcurrentHashMap<>();

    RedisIdempotencyStore(RedisClusterAsyncCommands<String, String> redis, RedisSettings settings, Outages outages,
                          EventExecutorGroup timer, String nodeId) {
        this.redis = redis;
        this.settings = settings;
        this.outages = outages;
        this.timer = timer;
        this.nodeId = nodeId;
    }

    /**
     * Completes with {@code null} once this node holds the claim (at once for the first request,
     * later for a retry that took over the claim of a dead node), or with the first request's
     * outcome once it is there, or with a failed future (another fingerprint: reused).
     */
    @Override
    public CompletionStage<CompletableFuture<Outcome>> claimAsync(String key, long fingerprint) {
        CompletableFuture<CompletableFuture<Outcome>> decided = new CompletableFuture<>();
        attempt(key, fingerprint, decided, System.nanoTime() + settings.runningClaimTtl().toNanos(), FIRST_POLL_MILLIS);
        return decided;
    }

    /** Blocks the calling thread until {@link #claimAsync} decides; the server uses that one. */
    @Override
    public CompletableFuture<Outcome> claim(String key, long fingerprint) {
        try {
            return claimAsync(key, fingerprint).toCompletableFuture().get(
                    settings.runningClaimTtl().toMillis() + settings.commandTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IntegrationFailure(ErrorCode.UNAVAILABLE, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cause instanceof IntegrationFailure known ? known : outages.failed("idempotency claim", cause);
        }
    }

    private void attempt(String key, long fingerprint, CompletableFuture<CompletableFuture<Outcome>> decided,
                         long deadlineNanos, long delayMillis) {
        String print = Long.toHexString(fingerprint);
        String redisKey = settings.idempotencyKey(hash(key));
        CompletionStage<List<Object>> reply = CLAIM.<List<Object>>run(redis, ScriptOutputType.MULTI,
                new String[] {redisKey}, nodeId, print, String.valueOf(settings.runningClaimTtl().toMillis()))
                .thenCompose(answer -> takeOverIfAbandoned(redisKey, print, answer));
        outages.guard("idempotency claim", reply).whenComplete((answer, failure) -> {
            if (failure != null) {
                decided.completeExceptionally(failure);
                return;
            }
            switch ((String) answer.get(0)) {
                case "claimed" -> {
                    running.put(key, fingerprint);
                    if (answer.size() > 1) {
                        log.debug("took over a claim of node {}, whose lease ran out", answer.get(1));
                    }
                    decided.complete(null);
                }
                case "done" -> decided.complete(CompletableFuture.completedFuture(read((String) answer.get(1))));
                case "reused" -> decided.complete(CompletableFuture.failedFuture(IdempotencyStore.reused()));
                default -> {
                    if (System.nanoTime() - deadlineNanos > 0) {
                        decided.complete(CompletableFuture.failedFuture(new IntegrationFailure(ErrorCode.TIMEOUT,
                                "the first request with this requestId is still running")));
                    } else {
                        timer.schedule(() -> attempt(key, fingerprint, decided, deadlineNanos,
                                Math.min(delayMillis * 2, MAX_POLL_MILLIS)), delayMillis, TimeUnit.MILLISECONDS);
                    }
                }
            }
        });
    }

    /**
     * A running claim of a node whose lease ran out becomes this node's (answered
     * {@code {'claimed', <dead node>}}); any other answer is passed on. Three steps, each on one key
     * (the claim and the leases may live on different masters of a cluster): the take-over holds
     * only while the claim is still the one checked.
     */
    private CompletionStage<List<Object>> takeOverIfAbandoned(String redisKey, String print, List<Object> answer) {
        if (!"running".equals(answer.get(0)) || answer.size() < 3 || ((String) answer.get(1)).isEmpty()) {
            return CompletableFuture.completedFuture(answer);
        }
        String holder = (String) answer.get(1);
        String claim = (String) answer.get(2);
        return LEASE.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {settings.nodesKey()}, holder)
                .thenCompose(alive -> alive != null && alive == 1L
                        ? CompletableFuture.completedFuture(answer)
                        : TAKEOVER.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {redisKey}, claim,
                                "r|" + nodeId + "|" + print, String.valueOf(settings.runningClaimTtl().toMillis()))
                                .thenApply(taken -> taken == 1L ? List.<Object>of("claimed", holder) : answer));
    }

    @Override
    public void complete(String key, Outcome outcome) {
        Long fingerprint = running.remove(key);
        if (fingerprint == null) {
            return;   // not claimed here, or already completed
        }
        ObjectNode stored = ProtocolJson.mapper().createObjectNode();
        stored.put("event", outcome.event());
        stored.putRawValue("payload", new RawValue(outcome.payloadJson()));
        String value = "d|" + Long.toHexString(fingerprint) + "|" + stored;
        store(settings.idempotencyKey(hash(key)), value, System.nanoTime() + settings.runningClaimTtl().toNanos(), 50);
    }

    /**
     * Writes the outcome, trying again while Redis is unreachable (up to the running-claim TTL):
     * until it is there, retries of the request wait on this node's claim.
     */
    private void store(String redisKey, String value, long deadlineNanos, long delayMillis) {
        outages.guard("idempotency outcome", redis.set(redisKey, value,
                SetArgs.Builder.px(settings.idempotencyWindow().toMillis()))).whenComplete((ok, failure) -> {
                    if (failure == null) {
                        return;
                    }
                    if (System.nanoTime() - deadlineNanos > 0) {
                        log.debug("outcome not stored; a retry runs again once this node's claim has expired", failure);
                    } else {
                        timer.schedule(() -> store(redisKey, value, deadlineNanos, Math.min(delayMillis * 2, 1000)),
                                delayMillis, TimeUnit.MILLISECONDS);
                    }
                });
    }

    /** Gives up a running claim of this node only: a finished outcome, or a claim taken over, is kept. */
    @Override
    public void release(String key) {
        running.remove(key);
        outages.guard("idempotency release", RELEASE.<Long>run(redis, ScriptOutputType.INTEGER,
                new String[] {settings.idempotencyKey(hash(key))}, "r|" + nodeId + "|")).exceptionally(failure -> null);
    }

    private static Outcome read(String stored) {
        JsonNode tree = ProtocolJson.read(stored, JsonNode.class);
        return new Outcome(tree.path("event").asText(), tree.path("payload"));
    }

    /** Keys hold the principal's subject: Redis sees only their hash. */
    private static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
