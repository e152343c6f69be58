package io.integrationsrealtime.server.redis.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.server.TcpProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two node processes, watchers and executing clients behind load balancers that keep resetting
 * connections, while both nodes publish webhooks and usage: every request ends once at its caller
 * and runs once; every watcher gets every room event and webhook once, in order, with no gap (all
 * within the replay window). Then a watcher kept away longer than the replay window is told of
 * the gap.
 */
class ConnectionResetFaultTest {

    private static final Duration LOAD = Duration.ofSeconds(10);
    private final ScheduledExecutorService load = Executors.newScheduledThreadPool(3);

    @AfterEach
    void stopLoad() {
        load.shutdownNow();
    }

    @Test
    void connectionResetsUnderLoad_everyRequestEndsOnce_andWatchersMissNothing() throws Exception {
        // A replay window no reconnect can outlast (~3,500 room events in all): this test is about
        // resets, the replay window's edge is the next test's.
        try (FaultCluster cluster = new FaultCluster("connection-resets", 2, 10_000)) {
            List<Watcher> watchers = new ArrayList<>();
            List<Runner> runners = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                watchers.add(new Watcher("watcher" + i, cluster.client(i % 2)));
            }
            for (int i = 0; i < 12; i++) {
                runners.add(new Runner(cluster.client(i % 2), Duration.ofSeconds(60)));
            }

            long endAt = System.nanoTime() + LOAD.toNanos();
            AtomicInteger published = new AtomicInteger();
            load.scheduleAtFixedRate(() -> {
                int n = published.incrementAndGet();
                cluster.node(n % 2).send("publish " + n);
            }, 0, 40, TimeUnit.MILLISECONDS);
            AtomicInteger cut = new AtomicInteger();
            load.scheduleAtFixedRate(() -> cluster.nodes.forEach(node -> cut.addAndGet(node.balancer().dropRandom(0.08))),
                    300, 300, TimeUnit.MILLISECONDS);
            Set<String> requestIds = ConcurrentHashMap.newKeySet();
            List<CompletableFuture<Void>> loops = new ArrayList<>();
            for (int r = 0; r < runners.size(); r++) {
                loops.add(loop(runners.get(r), "r" + r + "-", 0, endAt, requestIds));
            }
            CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
            load.shutdownNow();
            int lastNumber = published.get();
            cluster.awaitPublishes(lastNumber);

            Map<String, List<String>> runs = Checks.runsByRequest(cluster);
            assertThat(runs).as("runs per request").allSatisfy((requestId, executions) -> assertThat(executions).hasSize(1));
            Checks.everyRequestEndedOnce(runners, requestIds, runs);
            Set<Integer> numbers = cluster.published(1, lastNumber);
            Checks.watchersGotEverythingOnce(watchers, numbers, Checks.completed(runs.values()));
            List<Long> reconnects = new ArrayList<>();
            watchers.forEach(watcher -> {
                assertThat(watcher.gaps).as("gaps of %s", watcher).isEmpty();
                reconnects.addAll(watcher.reconnectMillis);
            });
            int retried = runners.stream().mapToInt(runner -> runner.retries.get()).sum();
            int delivered = watchers.stream().mapToInt(w -> w.runs.size() + w.usage.size() + w.webhooks.size()).sum();
            System.out.printf("FAULT connection resets: %d requests (%d retries), %d connections cut, %d of %d publishes "
                            + "confirmed, %d deliveries to %d watchers, 0 lost, 0 duplicated, 0 gaps; watcher reconnects %s%n",
                    requestIds.size(), retried, cut.get(), numbers.size(), lastNumber, delivered, watchers.size(),
                    Checks.spread(reconnects));
        }
    }

    @Test
    void watcherAwayLongerThanTheReplayWindow_isToldOfTheGap_andGetsTheRestOnce() throws Exception {
        try (FaultCluster cluster = new FaultCluster("replay-window", 1, 100)) {
            TcpProxy sleeperLink = new TcpProxy(cluster.node(0).balancer().port());
            try {
                Watcher awake = new Watcher("awake", cluster.client(0));
                Watcher sleeper = new Watcher("sleeper", cluster.client("http://127.0.0.1:" + sleeperLink.port()));
                publish(cluster, 1, 10);
                await().atMost(Duration.ofSeconds(10)).until(() -> sleeper.webhooks.size() == 10);

                sleeperLink.cut();
                publish(cluster, 11, 500);          // far more than the 100 events each room keeps
                await().atMost(Duration.ofSeconds(20)).until(() -> awake.webhooks.size() == 500);
                sleeperLink.restore();

                await().atMost(Duration.ofSeconds(20)).until(() -> sleeper.gaps.size() == 2);
                publish(cluster, 501, 510);
                await().atMost(Duration.ofSeconds(10)).until(() -> sleeper.webhooks.contains(510) && sleeper.usage.contains(510));
                assertThat(sleeper.gaps).extracting(gap -> gap.gap()).containsOnly(true);
                for (List<Integer> numbers : List.of(sleeper.webhooks, sleeper.usage)) {
                    // 1-10 live, then the tail of the log (at least its 100 events, ending at 500), then 501-510 live.
                    assertThat(numbers.subList(0, 10)).as("before the cut").containsExactlyElementsOf(range(1, 10));
                    int resumedAt = numbers.get(10);
                    assertThat(numbers.subList(10, numbers.size()))
                            .as("what the log still had, then live, all of it once and in order: %s", numbers)
                            .containsExactlyElementsOf(range(resumedAt, 510));
                    assertThat(500 - resumedAt + 1).as("events replayed from the log (it keeps 100)").isBetween(100, 400);
                }
                assertThat(awake.gaps).isEmpty();
                System.out.printf("FAULT replay window: a watcher away for 490 events of a 100-event window was told of the gap "
                        + "(room and webhooks), got %d webhooks and %d usage pushes, none twice%n",
                        sleeper.webhooks.size(), sleeper.usage.size());
            } finally {
                sleeperLink.close();
            }
        }
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }

    private static void publish(FaultCluster cluster, int from, int to) {
        for (int n = from; n <= to; n++) {
            cluster.node(0).send("publish " + n);
        }
    }

    private CompletableFuture<Void> loop(Runner runner, String prefix, int k, long endAtNanos, Set<String> requestIds) {
        if (System.nanoTime() - endAtNanos > 0) {
            return CompletableFuture.completedFuture(null);
        }
        String requestId = prefix + k;
        requestIds.add(requestId);
        return runner.run(requestId, 20 + k % 30)
                .thenCompose(outcome -> loop(runner, prefix, k + 1, endAtNanos, requestIds));
    }
}
