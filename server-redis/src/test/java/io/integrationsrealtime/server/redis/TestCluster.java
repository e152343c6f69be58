package io.integrationsrealtime.server.redis;

import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.TcpProxy;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * N server-core nodes in this JVM, each on its own port with its own link to the shared Redis
 * (optionally through a {@link TcpProxy} the test can cut), and each behind its own
 * {@link TcpProxy} "load balancer" address that clients use, so that a dead node's clients can be
 * sent to another node. Everything is closed by {@link #close()}.
 */
final class TestCluster implements AutoCloseable {

    /** One node: its server, backend, Redis link and the addresses in front of it. */
    static final class Node {
        final IntegrationsServer server;
        final TestBackend backend;
        final RedisBackplane redis;
        final TcpProxy balancer;
        final TcpProxy redisLink;
        boolean alive = true;

        private Node(IntegrationsServer server, TestBackend backend, RedisBackplane redis, TcpProxy balancer,
                     TcpProxy redisLink) {
            this.server = server;
            this.backend = backend;
            this.redis = redis;
            this.balancer = balancer;
            this.redisLink = redisLink;
        }

        /** The URL clients of this node use (through its balancer). */
        String url() {
            return "http://127.0.0.1:" + balancer.port();
        }
    }

    final String prefix = LocalRedis.uniquePrefix();
    final List<Node> nodes = new ArrayList<>();
    private final List<IntegrationsClient> clients = new CopyOnWriteArrayList<>();

    /** Starts {@code count} nodes; with {@code cuttableRedis}, each reaches Redis through its own proxy. */
    TestCluster(int count, boolean cuttableRedis, UnaryOperator<RedisBackplane.Builder> options) throws IOException {
        this(count, cuttableRedis, LocalRedis.URL, options);
    }

    /** Nodes linked to the Redis (instance, sentinels or cluster) that {@code redisUrl} names. */
    TestCluster(int count, String redisUrl, UnaryOperator<RedisBackplane.Builder> options) throws IOException {
        this(count, false, redisUrl, options);
    }

    private TestCluster(int count, boolean cuttableRedis, String redisUrl, UnaryOperator<RedisBackplane.Builder> options)
            throws IOException {
        for (int i = 0; i < count; i++) {
            TcpProxy redisLink = cuttableRedis ? new TcpProxy(LocalRedis.PORT) : null;
            String url = redisLink == null ? redisUrl : "redis://127.0.0.1:" + redisLink.port();
            RedisBackplane redis = options.apply(RedisBackplane.builder(url).keyPrefix(prefix)
                    .commandTimeout(Duration.ofSeconds(1))).connect();
            TestBackend backend = new TestBackend();
            IntegrationsServer server = TestAuth.server(backend)
                    .roomEventBus(redis.eventBus()).idempotencyStore(redis.idempotencyStore())
                    .build().start();
            nodes.add(new Node(server, backend, redis, new TcpProxy(server.port()), redisLink));
        }
    }

    TestCluster(int count) throws IOException {
        this(count, false, builder -> builder);
    }

    Node node(int index) {
        return nodes.get(index);
    }

    /** A client of node {@code index}, with short timeouts, closed with the cluster. */
    IntegrationsClient client(int index) {
        IntegrationsClient client = IntegrationsClient.builder()
                .serverUrl(node(index).url())
                .token(TestAuth.TOKEN)
                .ackTimeout(Duration.ofSeconds(5))
                .executionTimeout(Duration.ofSeconds(10))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        clients.add(client);
        return client;
    }

    /**
     * One connected client per node in {@code 0..nodes-1}, each joined to the TWEETS room and
     * recording the seq of every usage push it gets, in arrival order (index = node).
     */
    List<List<Long>> usageWatchers(int nodes) throws Exception {
        List<List<Long>> watchers = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            IntegrationsClient client = client(i);
            client.connect().get(10, TimeUnit.SECONDS);
            List<Long> seqs = new CopyOnWriteArrayList<>();
            watchers.add(seqs);
            client.integration(TestBackend.PROJECT, TestBackend.TWEETS).onUsage(update -> seqs.add(update.seq()));
            client.integration(TestBackend.PROJECT, TestBackend.TWEETS).join().get(5, TimeUnit.SECONDS);
        }
        return watchers;
    }

    /**
     * Kills node {@code index} (its server and Redis link close at once) and points its balancer
     * at node {@code to}: its clients' connections drop and they reconnect there.
     */
    void kill(int index, int to) {
        Node dead = node(index);
        dead.alive = false;
        dead.server.close();
        dead.redis.close();
        dead.balancer.retarget(node(to).server.port());
    }

    @Override
    public void close() throws IOException {
        for (IntegrationsClient client : clients) {
            client.close();
        }
        // netty-socketio's stop waits out a quiet period: stop the nodes side by side.
        List<CompletableFuture<Void>> stopped = new ArrayList<>();
        for (Node node : nodes) {
            stopped.add(CompletableFuture.runAsync(() -> {
                if (node.alive) {
                    node.server.close();
                    node.redis.close();
                }
            }));
        }
        CompletableFuture.allOf(stopped.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
        for (Node node : nodes) {
            node.balancer.close();
            if (node.redisLink != null) {
                node.redisLink.close();
            }
        }
        LocalRedis.deleteAll(prefix);
    }
}
