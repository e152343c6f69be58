package io.integrationsrealtime.server.redis.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The fault suite's assertions, shared by its scenarios, and the figures they print. */
final class Checks {

    private Checks() {
    }

    /** requestId -> the executionIds it ran under, over every node. */
    static Map<String, List<String>> runsByRequest(FaultCluster cluster) {
        Map<String, List<String>> runs = new HashMap<>();
        for (String[] run : cluster.runs()) {
            runs.computeIfAbsent(run[1], id -> new ArrayList<>()).add(run[2]);
        }
        return runs;
    }

    /**
     * Every request has one terminal outcome at its caller (and no second one), a success whose
     * executionId is one of the runs the nodes report for it.
     */
    static void everyRequestEndedOnce(Collection<Runner> runners, Set<String> requestIds, Map<String, List<String>> runs) {
        Map<String, Runner.Outcome> outcomes = new HashMap<>();
        for (Runner runner : runners) {
            assertThat(runner.secondOutcomes).as("second terminal outcomes").hasValue(0);
            outcomes.putAll(runner.outcomes);
        }
        assertThat(outcomes.keySet()).as("requests with an outcome").isEqualTo(requestIds);
        assertThat(outcomes).allSatisfy((requestId, outcome) -> {
            assertThat(outcome.failure()).as("outcome of %s", requestId).isNull();
            assertThat(runs.get(requestId)).as("runs of %s", requestId).contains(outcome.executionId());
        });
    }

    /**
     * Waits until every watcher has {@code numbers} as webhooks and usage pushes and the room
     * events of {@code runs} (executionId -> its expected terminal event), then checks each got
     * each exactly once, in order (rising {@code seq}; each node's own numbers rising, as each
     * publishes them in turn), and nothing else.
     */
    static void watchersGotEverythingOnce(Collection<Watcher> watchers, Set<Integer> numbers, Map<String, String> runs) {
        List<String> expectedRuns = new ArrayList<>();
        runs.forEach((executionId, end) -> {
            expectedRuns.add("started " + executionId);
            expectedRuns.add(end);
        });
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> watchers.stream().allMatch(watcher ->
                    watcher.webhooks.size() >= numbers.size() && watcher.usage.size() >= numbers.size()
                            && watcher.runs.size() >= expectedRuns.size()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Say who misses what: a timeout alone cannot tell a lost event from a slow one.
            StringBuilder missing = new StringBuilder("watchers still missing events after 30 s:");
            for (Watcher watcher : watchers) {
                List<Integer> webhooksMissing = numbers.stream().filter(n -> !watcher.webhooks.contains(n)).sorted().toList();
                List<Integer> usageMissing = numbers.stream().filter(n -> !watcher.usage.contains(n)).sorted().toList();
                List<String> runsMissing = expectedRuns.stream().filter(r -> !watcher.runs.contains(r)).toList();
                if (!webhooksMissing.isEmpty() || !usageMissing.isEmpty() || !runsMissing.isEmpty()) {
                    missing.append("\n  ").append(watcher).append(": webhooks ").append(webhooksMissing)
                            .append(", usage ").append(usageMissing).append(", room activity ").append(runsMissing)
                            .append(", gaps told ").append(watcher.gaps.size()).append(", membership ").append(watcher.membership);
                }
            }
            throw new AssertionError(missing.toString(), e);
        }
        for (Watcher watcher : watchers) {
            for (List<Integer> received : List.of(watcher.webhooks, watcher.usage)) {
                assertThat(received).as("webhooks and usage of %s", watcher).containsExactlyInAnyOrderElementsOf(numbers);
                assertThat(received.stream().filter(n -> n % 2 == 0).toList()).as("%s: one node's numbers", watcher).isSorted();
                assertThat(received.stream().filter(n -> n % 2 == 1).toList()).as("%s: one node's numbers", watcher).isSorted();
            }
            assertThat(watcher.webhookSeqs).as("webhook seqs of %s", watcher).isSorted().doesNotHaveDuplicates();
            assertThat(watcher.runs).as("room activity of %s", watcher).containsExactlyInAnyOrderElementsOf(expectedRuns);
            assertThat(watcher.roomSeqs).as("room seqs of %s", watcher).isSorted().doesNotHaveDuplicates();
            for (String executionId : runs.keySet()) {
                assertThat(watcher.runs.indexOf("started " + executionId))
                        .as("%s: started of %s before its end", watcher, executionId)
                        .isLessThan(watcher.runs.indexOf(runs.get(executionId)));
            }
        }
    }

    /** The runs as executionId -> "completed <executionId>", for runs that ended normally. */
    static Map<String, String> completed(Collection<List<String>> executionIds) {
        return executionIds.stream().flatMap(List::stream)
                .collect(Collectors.toMap(id -> id, id -> "completed " + id));
    }

    /** p50 and max of a list of figures, for the printed summary. */
    static String spread(List<Long> values) {
        if (values.isEmpty()) {
            return "none";
        }
        List<Long> sorted = values.stream().sorted().toList();
        return "p50 " + sorted.get(sorted.size() / 2) + " ms, max " + sorted.get(sorted.size() - 1) + " ms (n=" + sorted.size() + ")";
    }
}
