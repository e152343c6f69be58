package io.integrationsrealtime.server.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import java.util.concurrent.CompletionStage;

/**
 * One node's connections to Redis, whatever its topology: a single instance ({@code redis://},
 * {@code rediss://}), a master found through Sentinel ({@code redis-sentinel://}) or a Redis
 * Cluster ({@code redis-cluster://}). The rest of the module sends its commands and scripts through
 * {@link #commands()} (every script's keys share one hash slot) and subscribes to channels here,
 * without knowing which topology it runs on.
 */
interface RedisLink extends AutoCloseable {

    /** Commands; in a cluster routed by key slot, MOVED and ASK followed by Lettuce. */
    RedisClusterAsyncCommands<String, String> commands();

    /**
     * Subscribes to {@code channel}: plain SUBSCRIBE on one instance, SSUBSCRIBE at the channel's
     * slot owner in a cluster. Completes once Redis confirmed it.
     */
    CompletionStage<Void> subscribe(String channel);

    /**
     * Subscribes to a channel every node hears whatever its slot (plain SUBSCRIBE, also in a
     * cluster, where PUBLISH reaches every node): the single events channel of {@code roomChannels(false)}.
     */
    CompletionStage<Void> subscribeBroadcast(String channel);

    /** Stops listening to {@code channel}; best effort (a lost connection forgets it anyway). */
    void unsubscribe(String channel);

    /**
     * The command publish.lua publishes with: {@code SPUBLISH} on a room's channel in a cluster, else
     * {@code PUBLISH} (a broadcast channel; and a single instance, where Redis before 7 has no SPUBLISH).
     */
    String publishCommand(boolean roomChannel);

    /** Closes every connection and the client; the resources stay with their owner. */
    @Override
    void close();

    /** Where the link hands what it hears. */
    interface Listener {

        /** A message on a subscribed channel. */
        void message(String channel, String message);

        /**
         * The channel's subscription was made again (the connection came back, or the channel's
         * slot moved to another master): what was published meanwhile may be missing.
         */
        void resubscribed(String channel);
    }

    /**
     * Opens the link {@code url} names (see {@code RedisBackplane.builder}); blocking, up to the
     * command timeout.
     */
    static RedisLink open(String url, RedisSettings settings, ClientResources resources, Outages outages,
                          Listener listener) {
        if (url.startsWith(ClusterLink.SCHEME) || url.startsWith(ClusterLink.TLS_SCHEME)) {
            return new ClusterLink(url, settings, resources, outages, listener);
        }
        return new StandaloneLink(url, settings, resources, outages, listener);
    }
}
