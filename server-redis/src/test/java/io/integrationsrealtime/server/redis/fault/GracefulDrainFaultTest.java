package io.integrationsrealtime.server.redis.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.client.Integration;
import io.integrationsrealtime.client.IntegrationException;
import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.server.TestBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node process gets SIGTERM while four executes run on it and its load balancer sends new
 * connections elsewhere: the runs finish and their callers get their own outcomes, a request sent
 * meanwhile is refused with UNAVAILABLE and succeeds on the other node once its client moved,
 * nothing runs twice, no run is announced INTERRUPTED, and the watchers that moved miss nothing.
 */
class GracefulDrainFaultTest {

    @Test
    void sigtermDrainsTheNode_runsFinishOnce_latecomersMoveToTheOtherNode() throws Exception {
        try (FaultCluster cluster = new FaultCluster("graceful-drain", 2, 1000)) {
            NodeProcess draining = cluster.node(0);
            List<Watcher> watchers = List.of(new Watcher("watcher@A", cluster.client(0)), new Watcher("watcher@B", cluster.client(1)));
            List<Runner> runners = new ArrayList<>();
            List<CompletableFuture<Runner.Outcome>> running = new ArrayList<>();
            Set<String> requestIds = new TreeSet<>();
            for (int i = 0; i < 5; i++) {
                runners.add(new Runner(cluster.client(0), Duration.ofSeconds(60)));
            }
            for (int i = 0; i < 4; i++) {
                requestIds.add("order-" + i);
                running.add(runners.get(i).run("order-" + i, 2000));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> draining.out(text -> text.startsWith("RAN ")).size() == 4);
            IntegrationsClient directClient = cluster.client("http://127.0.0.1:" + draining.port());
            directClient.connect().get(10, TimeUnit.SECONDS);
            Integration direct = directClient.integration(TestBackend.PROJECT, TestBackend.TWEETS);

            draining.balancer().redirectNew(cluster.node(1).port());
            long termAt = System.nanoTime();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                try {
                    return draining.terminate(40);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            // Once the node refuses new requests (a client of its own port, past the balancer, asks):
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> refusesRequests(direct));
            requestIds.add("late-1");
            CompletableFuture<Runner.Outcome> late = runners.get(4).run("late-1", 100);   // while A drains
            for (int n = 1; n <= 6; n++) {
                cluster.node(1).send("publish " + n);
            }

            assertThat(exit.get(40, TimeUnit.SECONDS)).as("exit code after SIGTERM, its shutdown hook run").isEqualTo(143);
            long drainedMillis = (System.nanoTime() - termAt) / 1_000_000;
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            Runner.Outcome lateOutcome = late.get(60, TimeUnit.SECONDS);
            assertThat(lateOutcome.attempts()).as("the late request was refused while the node drained").isGreaterThan(1);
            assertThat(cluster.node(1).out(text -> text.startsWith("RAN late-1 "))).as("the late request ran on B").hasSize(1);
            long lateMillis = (lateOutcome.endedNanos() - termAt) / 1_000_000;
            cluster.awaitPublishes(6);

            assertThat(draining.out(text -> text.equals("DRAINED"))).hasSize(1);
            assertThat(running).allSatisfy(outcome -> assertThat(outcome.join().attempts()).as("done on the first try").isEqualTo(1));
            Map<String, List<String>> runs = Checks.runsByRequest(cluster);
            assertThat(runs).as("runs per request").hasSize(5).allSatisfy((id, executions) -> assertThat(executions).hasSize(1));
            Checks.everyRequestEndedOnce(runners, requestIds, runs);
            Checks.watchersGotEverythingOnce(watchers, cluster.published(1, 6), Checks.completed(runs.values()));
            watchers.forEach(watcher -> assertThat(watcher.gaps).as("gaps of %s", watcher).isEmpty());
            System.out.printf("FAULT graceful drain: SIGTERM with 4 runs of 2000 ms under way: all finished on their node "
                            + "(first try), the node exited %d ms after SIGTERM; a request sent meanwhile was retried %d times "
                            + "(UNAVAILABLE while the node drained, then DISCONNECTED) and done on the other node %d ms "
                            + "after SIGTERM; 0 runs twice, "
                            + "0 INTERRUPTED, 0 lost, 0 duplicated%n",
                    drainedMillis, lateOutcome.attempts() - 1, lateMillis);
        }
    }

    /** Whether a status request is refused with UNAVAILABLE now. */
    private static boolean refusesRequests(Integration direct) {
        try {
            direct.status().get(5, TimeUnit.SECONDS);
            return false;
        } catch (Exception e) {
            return e.getCause() instanceof IntegrationException refused && refused.code() == ErrorCode.UNAVAILABLE;
        }
    }
}
