package io.integrationsrealtime.server.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A link to a Redis Cluster ({@code redis-cluster://host:port[,host:port...]}): commands are routed by
 * key slot by Lettuce's cluster client, which follows MOVED and ASK and refreshes its view of the
 * cluster periodically and on redirections and reconnects. Each channel is subscribed with SSUBSCRIBE
 * on the master that owns its slot (a room's channel shares its keys' hash tag, so that is where the
 * room's script runs SPUBLISH). When the slot moves (resharding, failover) Redis ends the subscription
 * or the topology shows a new owner: the channel is subscribed again at the new owner and reported
 * {@linkplain Listener#resubscribed resubscribed}, so the room's missed events are fetched from its log.
 */
final class ClusterLink implements RedisLink {

    static final String SCHEME = "redis-cluster://";
    static final String TLS_SCHEME = "rediss-cluster://";

    private final RedisClusterClient client;
    private final StatefulRedisClusterConnection<String, String> commands;
    private final StatefulRedisClusterPubSubConnection<String, String> subscription;
    private final Listener listener;
    private final Outages outages;
    /** Where each of the client's connections is connected (the listener is told at connect). */
    private final Map<RedisChannelHandler<?, ?>, SocketAddress> addresses = new ConcurrentHashMap<>();
    /** Connections lost and not back, which Lettuce keeps trying to reconnect. */
    private final Set<RedisChannelHandler<?, ?>> down = ConcurrentHashMap.newKeySet();
    /** Subscribed channels -> where, and how often Redis confirmed it. */
    private final Map<String, Placement> channels = new ConcurrentHashMap<>();
    /** Broadcast channels (plain SUBSCRIBE on one node) -> how often Redis confirmed it. */
    private final Map<String, AtomicInteger> broadcast = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> following;
    private volatile boolean closing;

    ClusterLink(String url, RedisSettings settings, ClientResources resources, Outages outages, Listener listener) {
        this.listener = listener;
        client = RedisClusterClient.create(resources, seeds(url));
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClusterClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.commandTimeout()).keepAlive(true).build())
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(10))
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
                        .build())
                .build());
        this.outages = outages;
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (closing || connection.isClosed()) {
                    // Closed on purpose (e.g. Lettuce's short-lived topology connections): not an outage.
                    down.remove(connection);
                    addresses.remove(connection);
                    outages.linkUp(connection);
                } else {
                    down.add(connection);
                    outages.linkDown(connection);
                }
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                addresses.put(connection, address);
                down.remove(connection);
                outages.linkUp(connection);
            }
        });
        try {
            commands = client.connect(StringCodec.UTF8);
            subscription = client.connectPubSub(StringCodec.UTF8);
        } catch (RuntimeException unreachable) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw unreachable;
        }
        subscription.setNodeMessagePropagation(true);
        subscription.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void smessage(RedisClusterNode node, String channel, String message) {
                listener.message(channel, message);
            }

            @Override
            public void message(RedisClusterNode node, String channel, String message) {
                listener.message(channel, message);
            }

            @Override
            public void subscribed(RedisClusterNode node, String channel, long count) {
                AtomicInteger confirmed = broadcast.get(channel);
                if (confirmed != null && confirmed.incrementAndGet() > 1) {
                    listener.resubscribed(channel);
                }
            }

            @Override
            public void ssubscribed(RedisClusterNode node, String channel, long count) {
                Placement placement = channels.get(channel);
                if (placement != null && placement.confirmations.incrementAndGet() > 1) {
                    listener.resubscribed(channel);
                }
            }

            @Override
            public void sunsubscribed(RedisClusterNode node, String channel, long count) {
                Placement placement = channels.get(channel);
                if (placement != null && !closing) {
                    // Not ours (we forget a channel before unsubscribing it): its slot moved away.
                    client.refreshPartitionsAsync().whenComplete((done, failure) -> follow());
                }
            }
        });
        // Lettuce refreshes its topology view every 10 s and on MOVED/ASK/reconnects; comparing the
        // channels' owners with it is local and cheap, so every second.
        following = resources.eventExecutorGroup().scheduleAtFixedRate(this::follow, 1, 1, TimeUnit.SECONDS);
    }

    /** {@code redis-cluster://[user:password@]host:port,host:port} -> one URI per seed node. */
    static List<RedisURI> seeds(String url) {
        boolean tls = url.startsWith(TLS_SCHEME);
        String rest = url.substring(tls ? TLS_SCHEME.length() : SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rest = rest.substring(0, slash);
        }
        int at = rest.lastIndexOf('@');
        String credentials = at >= 0 ? rest.substring(0, at + 1) : "";
        List<RedisURI> seeds = new ArrayList<>();
        for (String host : rest.substring(at + 1).split(",")) {
            if (!host.isBlank()) {
                seeds.add(RedisURI.create((tls ? "rediss://" : "redis://") + credentials + host.trim()));
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a redis-cluster:// URL names at least one host:port");
        }
        return seeds;
    }

    @Override
    public RedisClusterAsyncCommands<String, String> commands() {
        return commands.async();
    }

    @Override
    public CompletionStage<Void> subscribe(String channel) {
        Placement placement = new Placement();
        channels.put(channel, placement);
        return subscribeAt(channel, placement);
    }

    @Override
    public CompletionStage<Void> subscribeBroadcast(String channel) {
        broadcast.put(channel, new AtomicInteger());
        return subscription.async().subscribe(channel);
    }

    /** SSUBSCRIBE at the master that owns the channel's slot now. */
    private CompletableFuture<Void> subscribeAt(String channel, Placement placement) {
        RedisClusterNode owner = client.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
        if (owner == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no master serves the slot of " + channel));
        }
        placement.nodeId = owner.getNodeId();
        return subscription.getConnectionAsync(owner.getNodeId())
                .thenCompose(node -> node.async().ssubscribe(channel));
    }

    /** Moves every channel whose slot has a new owner there, and reports it resubscribed once it is. */
    private void follow() {
        if (closing) {
            return;
        }
        try {
            moveChannels();
            forgetLinksToFormerMasters();
        } catch (RuntimeException e) {
            // A topology view being replaced: the next pass sees the new one (a scheduled task must not throw).
        }
    }

    private void moveChannels() {
        channels.forEach((channel, placement) -> {
            RedisClusterNode owner = client.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
            if (owner == null || owner.getNodeId().equals(placement.nodeId)) {
                return;
            }
            String previous = placement.nodeId;
            Placement moved = new Placement();
            moved.confirmations.set(1);   // the new owner's confirmation is reported below, not as a reconnect
            if (!channels.replace(channel, placement, moved)) {
                return;
            }
            unsubscribeAt(previous, channel);
            subscribeAt(channel, moved).whenComplete((done, failure) -> {
                if (failure == null) {
                    listener.resubscribed(channel);
                }
                // On failure the next topology change or refresh (periodic) tries again.
            });
        });
    }

    /**
     * A lost connection to a node that no longer serves slots (a master that failed and was
     * replaced by its replica) is no outage: Lettuce keeps trying it, but nothing is routed there.
     * Forgotten here, the outage ends with the next successful command.
     */
    private void forgetLinksToFormerMasters() {
        for (RedisChannelHandler<?, ?> connection : down) {
            SocketAddress address = addresses.get(connection);
            if (!(address instanceof InetSocketAddress at) || !servesSlots(at)) {
                down.remove(connection);
                outages.linkUp(connection);
            }
        }
    }

    private boolean servesSlots(InetSocketAddress address) {
        for (RedisClusterNode node : client.getPartitions()) {
            RedisURI uri = node.getUri();
            boolean same = uri != null && uri.getPort() == address.getPort()
                    && (uri.getHost().equals(address.getHostString())
                    || address.getAddress() != null && uri.getHost().equals(address.getAddress().getHostAddress()));
            if (same && !node.getSlots().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void unsubscribe(String channel) {
        if (broadcast.remove(channel) != null) {
            subscription.async().unsubscribe(channel).exceptionally(failure -> null);
            return;
        }
        Placement placement = channels.remove(channel);
        if (placement != null && placement.nodeId != null) {
            unsubscribeAt(placement.nodeId, channel);
        }
    }

    private void unsubscribeAt(String nodeId, String channel) {
        try {
            subscription.getConnectionAsync(nodeId)
                    .thenCompose(node -> node.async().sunsubscribe(channel))
                    .exceptionally(failure -> null);
        } catch (RuntimeException gone) {
            // The node left the cluster: nothing to unsubscribe from.
        }
    }

    @Override
    public String publishCommand(boolean roomChannel) {
        return roomChannel ? "SPUBLISH" : "PUBLISH";
    }

    @Override
    public void close() {
        closing = true;
        following.cancel(false);
        subscription.close();
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    /** Where a channel is subscribed. */
    private static final class Placement {
        private volatile String nodeId;
        private final AtomicInteger confirmations = new AtomicInteger();
    }
}
