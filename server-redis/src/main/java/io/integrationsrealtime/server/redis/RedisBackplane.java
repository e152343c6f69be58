package io.integrationsrealtime.server.redis;

import io.integrationsrealtime.server.cluster.RoomEventBus;
import io.integrationsrealtime.server.store.IdempotencyStore;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One node's link to the Redis that N server-core nodes share, so that they act as one server:
 * room events published on any node reach the room's sockets on every node, a client that
 * reconnects to another node replays what it missed from the shared log, and an execute retried
 * on another node returns the first outcome. Give both parts to the node's server:
 * <pre>{@code
 * RedisBackplane redis = RedisBackplane.builder("redis://127.0.0.1:6379").connect();
 * IntegrationsServer server = IntegrationsServer.builder(backend)
 *         .roomEventBus(redis.eventBus()).idempotencyStore(redis.idempotencyStore())
 *         ...build().start();
 * // on shutdown: server.close(); redis.close();
 * }</pre>
 * While Redis is unreachable, publishes, joins with replay and idempotent executes fail fast with
 * {@code UNAVAILABLE} (never hang), one WARN is logged per outage and one INFO when it is over, and
 * Lettuce reconnects on its own, trying at least every 250 ms; see docs/scaling.md for what can
 * be lost meanwhile.
 *
 * <p>Each node holds a lease in Redis, renewed every fifth of {@link Builder#nodeLease} (default
 * 5 s). When a node's lease runs out (it died), a retry of an execute it was running runs on
 * another node, and a surviving node announces the runs it left unfinished as failed with
 * {@code INTERRUPTED}, so every {@code started} in a room gets a terminal event.
 *
 * <p>Thread-safe. Redis calls never block the caller: they return Lettuce's stages, completed on
 * Lettuce's I/O threads. One backplane serves one server: its event bus can be started once.
 */
public final class RedisBackplane implements AutoCloseable {

    /**
     * Reconnect attempts every 20 ms at first, doubling to 250 ms, jittered (Lettuce's default
     * backs off to 30 s): a node serves again well within a second of Redis answering.
     */
    private static final Delay RECONNECT_DELAY = Delay.equalJitter(Duration.ofMillis(20), Duration.ofMillis(250), 2,
            TimeUnit.MILLISECONDS);

    private final ClientResources resources;
    /** Whether {@link #resources} are this backplane's (shut down with it) or the host's. */
    private final boolean ownResources;
    private final RedisLink link;
    private final RedisRoomEventBus eventBus;
    private final RedisIdempotencyStore idempotencyStore;
    private final NodeLease lease;
    private final String nodeId;
    private final Duration commandTimeout;
    private volatile boolean closing;

    private RedisBackplane(Builder options) {
        RedisSettings settings = options.settings();
        Outages outages = new Outages();
        commandTimeout = settings.commandTimeout();
        ownResources = options.clientResources == null;
        resources = ownResources ? DefaultClientResources.builder().reconnectDelay(RECONNECT_DELAY).build()
                : options.clientResources;
        nodeId = NodeLease.newNodeId();
        RedisRoomEventBus[] bus = new RedisRoomEventBus[1];
        try {
            link = RedisLink.open(options.redisUrl, settings, resources, outages, new RedisLink.Listener() {
                @Override
                public void message(String channel, String message) {
                    bus[0].onMessage(message);
                }

                @Override
                public void resubscribed(String channel) {
                    bus[0].onResubscribed(channel);
                }
            });
        } catch (RuntimeException unreachable) {
            if (ownResources) {
                resources.shutdown(0, 1, TimeUnit.SECONDS);
            }
            throw unreachable;
        }
        try {
            eventBus = new RedisRoomEventBus(link, settings, outages, nodeId);
            bus[0] = eventBus;
            lease = new NodeLease(link.commands(), settings, outages, nodeId, eventBus::reap);
            idempotencyStore = new RedisIdempotencyStore(link.commands(), settings, outages,
                    resources.eventExecutorGroup(), nodeId);
            if (!settings.roomChannels()) {
                eventBus.subscribeBroadcast();
            }
            lease.start(resources.eventExecutorGroup());
        } catch (Exception unreachable) {
            link.close();
            if (ownResources) {
                resources.shutdown(0, 1, TimeUnit.SECONDS);
            }
            throw unreachable instanceof RuntimeException runtime ? runtime
                    : new RedisConnectionException("could not subscribe to the events channel", unreachable);
        }
    }

    /**
     * Options for a node's link to Redis at {@code redisUrl}, e.g. {@code redis://127.0.0.1:6379}.
     * The URL's scheme chooses the topology (docs/scaling.md compares them):
     * <ul>
     *   <li>{@code redis://[:password@]host[:port][/database]} ({@code rediss://} for TLS): one instance;</li>
     *   <li>{@code redis-sentinel://[:password@]host:port[,host:port...][/database]#masterName}: the master
     *       that these sentinels name; after a failover the node reconnects to the new master;</li>
     *   <li>{@code redis-cluster://[:password@]host:port[,host:port...]} ({@code rediss-cluster://} for
     *       TLS): a Redis Cluster, found from these seed nodes; commands follow the slots' owners
     *       (MOVED, ASK, topology refreshed every 10 s and on redirections), and rooms' events travel
     *       on sharded channels (SSUBSCRIBE/SPUBLISH, Redis or Valkey 7 and later).</li>
     * </ul>
     *
     * @param redisUrl a Redis URL as above; read by {@link Builder#connect()}
     * @return a builder with every option at its default
     * @throws NullPointerException if {@code redisUrl} is null
     */
    public static Builder builder(String redisUrl) {
        return new Builder(redisUrl);
    }

    /**
     * This node's room event bus; give it to one server's {@code roomEventBus(...)}.
     *
     * @return the bus; closed with this backplane, not by the server
     */
    public RoomEventBus eventBus() {
        return eventBus;
    }

    /**
     * Room event messages this node received from Redis since it connected: with room channels
     * (the default) only events of rooms that have sockets on this node, with the single channel
     * every room's. For metrics and capacity planning (docs/scaling.md).
     *
     * @return the count, rising
     */
    public long roomEventsReceived() {
        return eventBus.received();
    }

    /**
     * Rooms whose channel this node listens to now (0 with {@code roomChannels(false)}): those with
     * a socket here, and those whose last socket left since their last event.
     *
     * @return the number of room subscriptions
     */
    public int roomsListened() {
        return eventBus.roomsListened();
    }

    /**
     * The idempotency records shared by all nodes; give it to the server's {@code idempotencyStore(...)}.
     *
     * @return the store, keyed under this backplane's {@code keyPrefix}
     */
    public IdempotencyStore idempotencyStore() {
        return idempotencyStore;
    }

    /**
     * Closes the connections (once; later calls do nothing); close or shut the server down first.
     * Runs this node left unfinished (a server closed without draining) are announced as failed
     * with {@code INTERRUPTED}, and its running claims are freed for retries on other nodes.
     */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        eventBus.closing();
        try {
            eventBus.reap(nodeId).toCompletableFuture().get(commandTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Redis is unreachable: the other nodes announce them once this node's lease runs out.
        }
        lease.close();
        link.close();
        if (ownResources) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** Options; every one has a default, and every Redis key written expires or is bounded. */
    public static final class Builder {

        private final String redisUrl;
        private String keyPrefix = "ir:";
        private int replayMaxEvents = 1000;
        private Duration replayMaxAge = Duration.ofMinutes(2);
        private Duration sequenceTtl = Duration.ofHours(24);
        private Duration idempotencyWindow = Duration.ofMinutes(10);
        private Duration runningClaimTtl = Duration.ofMinutes(2);
        private Duration nodeLease = Duration.ofSeconds(5);
        private Duration commandTimeout = Duration.ofSeconds(2);
        private ClientResources clientResources;
        private boolean roomChannels = true;

        private Builder(String redisUrl) {
            this.redisUrl = Objects.requireNonNull(redisUrl, "redisUrl");
        }

        /**
         * Prefix of every key and of the events channel (default {@code ir:}); nodes of one cluster
         * share it, and another prefix is another cluster on the same Redis.
         *
         * @param prefix e.g. {@code ir:prod:}
         * @return this builder
         */
        public Builder keyPrefix(String prefix) {
            this.keyPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * Events kept per room for replay (default 1,000; Redis trims approximately, keeping at least this many).
         *
         * @param events at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code events} is below 1
         */
        public Builder replayMaxEvents(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("replayMaxEvents must be positive");
            }
            this.replayMaxEvents = events;
            return this;
        }

        /**
         * How old a replayed event may be (default 2 minutes); a room's log expires when quiet this long.
         *
         * @param age positive, at most {@link #sequenceTtl}
         * @return this builder
         * @throws IllegalArgumentException if {@code age} is zero or negative
         */
        public Builder replayMaxAge(Duration age) {
            this.replayMaxAge = positive(age, "replayMaxAge");
            return this;
        }

        /**
         * How long a quiet room keeps its sequence counter (default 24 hours; refreshed by every
         * event and join). After that its next event starts a new, higher sequence (at the current
         * time in milliseconds x 1000) and re-joining clients are told of a gap.
         *
         * @param ttl positive, at least {@link #replayMaxAge}
         * @return this builder
         * @throws IllegalArgumentException if {@code ttl} is zero or negative
         */
        public Builder sequenceTtl(Duration ttl) {
            this.sequenceTtl = positive(ttl, "sequenceTtl");
            return this;
        }

        /**
         * How long an execute's outcome is returned to retries (default 10 minutes), counted from
         * its completion.
         *
         * @param window positive
         * @return this builder
         * @throws IllegalArgumentException if {@code window} is zero or negative
         */
        public Builder idempotencyWindow(Duration window) {
            this.idempotencyWindow = positive(window, "idempotencyWindow");
            return this;
        }

        /**
         * The longest a running execute's claim holds without an outcome (default 2 minutes: above
         * the server's 90 s backend deadline), and how long a node's unfinished runs stay on record.
         * A claim ends sooner when its node's lease runs out (see {@link #nodeLease}).
         *
         * @param ttl positive; keep it above the server's backend deadline
         * @return this builder
         * @throws IllegalArgumentException if {@code ttl} is zero or negative
         */
        public Builder runningClaimTtl(Duration ttl) {
            this.runningClaimTtl = positive(ttl, "runningClaimTtl");
            return this;
        }

        /**
         * How long a node counts as alive after renewing its lease (default 5 s; it renews every
         * fifth of it). When a node's lease runs out, a retry of an execute it was running runs on
         * another node (it may then run twice: the dead node may have reached the third party), and
         * the runs it left unfinished are announced failed with {@code INTERRUPTED}. A live node cut
         * off from Redis for longer is taken for dead as well.
         *
         * @param lease positive
         * @return this builder
         * @throws IllegalArgumentException if {@code lease} is zero or negative
         */
        public Builder nodeLease(Duration lease) {
            this.nodeLease = positive(lease, "nodeLease");
            return this;
        }

        /**
         * How long one Redis command may take before it fails (default 2 s); also the connect
         * timeout. A publish or request that times out fails with {@code UNAVAILABLE}.
         *
         * @param timeout positive
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive(timeout, "commandTimeout");
            return this;
        }

        /**
         * Lettuce's {@link ClientResources} (event loops, timer, DNS resolver) to run on, e.g. the
         * ones the application's own Lettuce clients use (Spring Boot's {@code ClientResources}
         * bean, or {@code redisClient.getResources()}), instead of a set of this backplane's own.
         * The backplane still makes its own {@code RedisClient} on them, so that its options and
         * outage tracking do not touch the application's connections; {@link RedisBackplane#close()}
         * leaves the given resources running. Lettuce's reconnect delay is a setting of the
         * resources: this backplane's own retry every 20 ms doubling to 250 ms, so a node serves
         * again within a second of Redis answering; resources built with Lettuce's default back off
         * to 30 s. Give shared resources a short {@code reconnectDelay} for the same recovery.
         *
         * @param resources shared resources, owned and shut down by the caller
         * @return this builder
         */
        public Builder clientResources(ClientResources resources) {
            this.clientResources = Objects.requireNonNull(resources, "resources");
            return this;
        }

        /**
         * Whether each room's events travel on the room's own channel (default true) or on one
         * channel every node hears ({@code <prefix>events}, as earlier versions did). With
         * room channels a node subscribes to a room while it has sockets there and so receives
         * only its rooms' events (in a Redis Cluster: sharded channels, spread over the masters
         * with the rooms' keys). The single channel costs every node every room's traffic; it is
         * kept for comparison and for deployments with very many short visits to rooms. Every node
         * of a cluster must use the same choice.
         *
         * @param perRoom false for the single events channel
         * @return this builder
         */
        public Builder roomChannels(boolean perRoom) {
            this.roomChannels = perRoom;
            return this;
        }

        /**
         * Connects (blocking, up to the command timeout), and subscribes to the events channel
         * when {@code roomChannels(false)}. Call
         * it before building the server, not on an event loop.
         *
         * @return the connected backplane; {@link RedisBackplane#close()} it after the server
         * @throws IllegalArgumentException if {@code sequenceTtl} is below {@code replayMaxAge}, or
         *                                  the Redis URL is malformed
         * @throws io.lettuce.core.RedisConnectionException when Redis is unreachable
         */
        public RedisBackplane connect() {
            if (sequenceTtl.compareTo(replayMaxAge) < 0) {
                throw new IllegalArgumentException("sequenceTtl must be at least replayMaxAge");
            }
            return new RedisBackplane(this);
        }

        private RedisSettings settings() {
            return new RedisSettings(keyPrefix, replayMaxEvents, replayMaxAge, sequenceTtl, idempotencyWindow,
                    runningClaimTtl, nodeLease, commandTimeout, roomChannels);
        }

        private static Duration positive(Duration value, String name) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }
    }
}
