package io.integrationsrealtime.server.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * This node's lease in Redis, renewed every fifth of the lease while the node runs. The node's
 * running idempotency claims hold while its lease does, and its unfinished runs stay its own.
 * When a node's lease runs out (it died, or was cut off from Redis for longer than the lease),
 * the other nodes take over its claims on the next retry and announce its unfinished runs as
 * interrupted. Each renewal answers the nodes whose lease has run out.
 */
final class NodeLease implements AutoCloseable {

    private static final LuaScript RENEW = new LuaScript("heartbeat.lua");

    private final String nodeId;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisSettings settings;
    private final Outages outages;
    private final Consumer<String> deadNodes;
    private final AtomicBoolean renewing = new AtomicBoolean();
    private ScheduledFuture<?> renewals;

    /**
     * @param nodeId    this node's id, from {@link #newNodeId()}
     * @param deadNodes told, after each renewal, of every other node whose lease has run out
     */
    NodeLease(RedisClusterAsyncCommands<String, String> redis, RedisSettings settings, Outages outages, String nodeId,
              Consumer<String> deadNodes) {
        this.nodeId = nodeId;
        this.redis = redis;
        this.settings = settings;
        this.outages = outages;
        this.deadNodes = deadNodes;
    }

    /**
     * Takes the lease (waiting for Redis, up to the command timeout: claims made before it would
     * look abandoned) and renews it from now on.
     */
    void start(ScheduledExecutorService timer) {
        try {
            renew().get(settings.commandTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking the node's lease", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not take the node's lease in Redis", e);
        }
        long period = Math.max(1, settings.nodeLease().toMillis() / 5);
        renewals = timer.scheduleAtFixedRate(this::renewInBackground, period, period, TimeUnit.MILLISECONDS);
    }

    private void renewInBackground() {
        // A renewal still waiting for Redis (a slow or lost connection) is not doubled.
        if (renewing.compareAndSet(false, true)) {
            renew().whenComplete((ignored, failure) -> renewing.set(false));
        }
    }

    private java.util.concurrent.CompletableFuture<List<Object>> renew() {
        return outages.guard("node lease", RENEW.<List<Object>>run(redis, ScriptOutputType.MULTI,
                new String[] {settings.nodesKey()}, nodeId, String.valueOf(settings.nodeLease().toMillis()),
                String.valueOf(settings.runningClaimTtl().toMillis()))).whenComplete((expired, failure) -> {
                    if (expired != null) {
                        for (Object node : expired) {
                            if (!nodeId.equals(node)) {
                                deadNodes.accept((String) node);
                            }
                        }
                    }
                });
    }

    /** Stops renewing and gives the lease up at once: the node's claims are free for retries elsewhere. */
    @Override
    public void close() {
        if (renewals != null) {
            renewals.cancel(false);
        }
        try {
            redis.zrem(settings.nodesKey(), nodeId).get(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Redis is gone: the lease runs out by itself.
        }
    }

    /** A random id for a node, what its claims and runs are recorded under. */
    static String newNodeId() {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
