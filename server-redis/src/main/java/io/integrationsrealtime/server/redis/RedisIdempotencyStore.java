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
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.netty.util.concurrent.EventExecutorGroup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link IdempotencyStore} every node shares: the first request sets the key with
 * {@code SET NX} (marked running, expiring after the running-claim TTL, so a node that dies
 * mid-run does not block retries for ever); its outcome replaces the mark as JSON and is kept for
 * the idempotency window. A retry that finds the mark polls until the outcome is there, the mark
 * is gone (the first gave up: fail so the client retries), or the claim TTL has passed.
 */
final class RedisIdempotencyStore implements IdempotencyStore {

    private static final Logger log = LoggerFactory.getLogger(RedisIdempotencyStore.class);
    private static final String RUNNING = "running";
    private static final LuaScript RELEASE = new LuaScript("release.lua");
    private static final long FIRST_POLL_MILLIS = 20;
    private static final long MAX_POLL_MILLIS = 250;

    private final RedisAsyncCommands<String, String> redis;
    private final RedisSettings settings;
    private final Outages outages;
    private final EventExecutorGroup timer;

    RedisIdempotencyStore(RedisAsyncCommands<String, String> redis, RedisSettings settings, Outages outages,
                          EventExecutorGroup timer) {
        this.redis = redis;
        this.settings = settings;
        this.outages = outages;
        this.timer = timer;
    }

    @Override
    public CompletionStage<CompletableFuture<Outcome>> claimAsync(String key) {
        String redisKey = settings.idempotencyKey(hash(key));
        SetArgs firstOnly = SetArgs.Builder.nx().px(settings.runningClaimTtl().toMillis());
        return outages.guard("idempotency claim", redis.set(redisKey, RUNNING, firstOnly)).thenApply(ok -> {
            if ("OK".equals(ok)) {
                return null;
            }
            CompletableFuture<Outcome> outcome = new CompletableFuture<>();
            poll(redisKey, outcome, System.nanoTime() + settings.runningClaimTtl().toNanos(), FIRST_POLL_MILLIS);
            return outcome;
        });
    }

    /** Blocks the calling thread for one round trip; the server uses {@link #claimAsync}. */
    @Override
    public CompletableFuture<Outcome> claim(String key) {
        try {
            return claimAsync(key).toCompletableFuture().get(settings.commandTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IntegrationFailure(ErrorCode.UNAVAILABLE, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw outages.failed("idempotency claim", e.getCause() != null ? e.getCause() : e);
        }
    }

    @Override
    public void complete(String key, Outcome outcome) {
        ObjectNode stored = ProtocolJson.mapper().createObjectNode();
        stored.put("event", outcome.event());
        stored.putRawValue("payload", new RawValue(outcome.payloadJson()));
        outages.guard("idempotency outcome", redis.set(settings.idempotencyKey(hash(key)), stored.toString(),
                SetArgs.Builder.px(settings.idempotencyWindow().toMillis()))).exceptionally(failure -> {
                    log.debug("outcome not stored; a retry on another node waits for its claim to expire", failure);
                    return null;
                });
    }

    /** Gives up a running claim only: a finished outcome is kept (compare and delete, in one script). */
    @Override
    public void release(String key) {
        outages.guard("idempotency release", RELEASE.<Long>run(redis, ScriptOutputType.INTEGER,
                new String[] {settings.idempotencyKey(hash(key))}, RUNNING)).exceptionally(failure -> null);
    }

    private void poll(String redisKey, CompletableFuture<Outcome> outcome, long deadlineNanos, long delayMillis) {
        outages.guard("idempotency wait", redis.get(redisKey)).whenComplete((value, failure) -> {
            if (failure != null) {
                outcome.completeExceptionally(failure);
            } else if (value == null) {
                outcome.completeExceptionally(new IntegrationFailure(ErrorCode.UNAVAILABLE,
                        "the first request with this requestId did not finish; retry"));
            } else if (!RUNNING.equals(value)) {
                outcome.complete(read(value));
            } else if (System.nanoTime() - deadlineNanos > 0) {
                outcome.completeExceptionally(new IntegrationFailure(ErrorCode.TIMEOUT,
                        "the first request with this requestId is still running"));
            } else {
                timer.schedule(() -> poll(redisKey, outcome, deadlineNanos, Math.min(delayMillis * 2, MAX_POLL_MILLIS)),
                        delayMillis, TimeUnit.MILLISECONDS);
            }
        });
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
