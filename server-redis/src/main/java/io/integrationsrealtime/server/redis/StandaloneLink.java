package io.integrationsrealtime.server.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A link to one Redis instance, or to the master Sentinel names ({@code redis-sentinel://}): after a
 * failover Lettuce asks the sentinels for the new master on each reconnect (Sentinel disconnects
 * the clients of the demoted master), and subscribes its channels again there.
 */
final class StandaloneLink implements RedisLink {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> subscription;
    /** Subscribed channels -> how often Redis confirmed it: a second time is Lettuce's resubscribe after a reconnect. */
    private final Map<String, AtomicInteger> confirmations = new ConcurrentHashMap<>();
    private volatile boolean closing;

    StandaloneLink(String url, RedisSettings settings, ClientResources resources, Outages outages, Listener listener) {
        // A client of our own even on shared resources: its options (reject while disconnected,
        // timeouts) and its connection listener must not change or watch the host's connections.
        client = RedisClient.create(resources, RedisURI.create(url));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Fail commands at once while disconnected instead of queueing them until Redis is back.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.commandTimeout()).keepAlive(true).build())
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (closing || connection.isClosed()) {
                    // Closed on purpose (e.g. Lettuce's short-lived topology connections): not an outage.
                    outages.linkUp(connection);
                } else {
                    outages.linkDown(connection);
                }
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
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
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                listener.message(channel, message);
            }

            @Override
            public void subscribed(String channel, long count) {
                AtomicInteger confirmed = confirmations.get(channel);
                if (confirmed != null && confirmed.incrementAndGet() > 1) {
                    listener.resubscribed(channel);
                }
            }
        });
    }

    @Override
    public RedisClusterAsyncCommands<String, String> commands() {
        return commands.async();
    }

    @Override
    public CompletionStage<Void> subscribe(String channel) {
        confirmations.put(channel, new AtomicInteger());
        return subscription.async().subscribe(channel);
    }

    @Override
    public CompletionStage<Void> subscribeBroadcast(String channel) {
        return subscribe(channel);
    }

    @Override
    public void unsubscribe(String channel) {
        confirmations.remove(channel);
        subscription.async().unsubscribe(channel).exceptionally(failure -> null);
    }

    @Override
    public String publishCommand(boolean roomChannel) {
        return "PUBLISH";
    }

    @Override
    public void close() {
        closing = true;
        subscription.close();
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
