package io.integrationsrealtime.server.redis.fault;

import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.server.TestAuth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * What each fault test runs against: its own {@code redis-server}, N {@link FaultNode} processes
 * linked through it (each behind its load-balancer proxy), and Java SDK clients in this JVM.
 * Closing it ends the clients, the node processes and Redis.
 */
final class FaultCluster implements AutoCloseable {

    final RedisServer redis;
    final List<NodeProcess> nodes = new ArrayList<>();
    private final List<IntegrationsClient> clients = new CopyOnWriteArrayList<>();
    private final OkHttpClient http;

    FaultCluster(String test, int nodeCount, int replayEvents) throws Exception {
        redis = RedisServer.start();
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(1000);
        dispatcher.setMaxRequestsPerHost(1000);
        http = new OkHttpClient.Builder().dispatcher(dispatcher).readTimeout(Duration.ofMinutes(1)).build();
        String prefix = "fault:";
        try {
            // JVMs start side by side: the suite's time is mostly theirs.
            List<CompletableFuture<NodeProcess>> starting = new ArrayList<>();
            for (int i = 0; i < nodeCount; i++) {
                String name = "node" + (char) ('A' + i);
                starting.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return NodeProcess.start(name, redis.url(), prefix, replayEvents, test);
                    } catch (Exception e) {
                        throw new IllegalStateException("could not start " + name, e);
                    }
                }));
            }
            for (CompletableFuture<NodeProcess> node : starting) {
                nodes.add(node.get(90, TimeUnit.SECONDS));
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    NodeProcess node(int index) {
        return nodes.get(index);
    }

    /** A Java SDK client of node {@code index} (through its balancer), with short timeouts and retries. */
    IntegrationsClient client(int index) {
        return client(node(index).url());
    }

    /** The same for any address (a proxy of the test's own in front of a balancer). */
    IntegrationsClient client(String url) {
        IntegrationsClient client = IntegrationsClient.builder()
                .serverUrl(url)
                .token(TestAuth.TOKEN)
                .okHttpClient(http)
                .ackTimeout(Duration.ofSeconds(5))
                .executionTimeout(Duration.ofSeconds(15))
                .connectTimeout(Duration.ofSeconds(5))
                .rejoinBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .build();
        clients.add(client);
        return client;
    }

    /** The numbers in {@code from..to} that a node confirmed publishing (as a webhook and a usage push each). */
    Set<Integer> published(int from, int to) {
        Set<Integer> confirmed = new TreeSet<>();
        for (NodeProcess node : nodes) {
            for (NodeProcess.Line line : node.out(text -> text.startsWith("PUBLISHED "))) {
                int n = Integer.parseInt(line.text().substring("PUBLISHED ".length()));
                if (n >= from && n <= to) {
                    confirmed.add(n);
                }
            }
        }
        return confirmed;
    }

    /** Waits until the nodes have answered {@code count} publish commands, confirmed or not. */
    void awaitPublishes(int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> nodes.stream().mapToInt(node ->
                node.out(text -> text.startsWith("PUBLISHED ") || text.startsWith("UNPUBLISHED ")).size()).sum() >= count);
    }

    /** How many times each request ran, over every node: {@code RAN <requestId> <executionId>} lines. */
    List<String[]> runs() {
        List<String[]> runs = new ArrayList<>();
        for (NodeProcess node : nodes) {
            for (NodeProcess.Line line : node.out(text -> text.startsWith("RAN "))) {
                runs.add(line.text().split(" "));
            }
        }
        return runs;
    }

    @Override
    public void close() throws Exception {
        clients.forEach(IntegrationsClient::close);
        for (NodeProcess node : nodes) {
            node.close();
        }
        redis.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
