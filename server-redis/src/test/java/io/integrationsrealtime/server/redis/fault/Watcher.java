package io.integrationsrealtime.server.redis.fault;

import io.integrationsrealtime.client.ConnectionState;
import io.integrationsrealtime.client.Integration;
import io.integrationsrealtime.client.IntegrationException;
import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.client.MembershipListener;
import io.integrationsrealtime.client.RoomActivityListener;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.ExecutionFailed;
import io.integrationsrealtime.protocol.ExecutionStarted;
import io.integrationsrealtime.protocol.RoomMembership;
import io.integrationsrealtime.server.TestBackend;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Java SDK client sitting in the integration's room and subscribed to the webhook mirror,
 * recording everything its listeners are given: room activity and usage pushes (by run and
 * {@code seq}), webhooks (by {@code n}), gaps, and rooms lost and restored.
 */
final class Watcher {

    final String name;
    final IntegrationsClient client;
    /** "started <executionId>", "completed <executionId>", "failed <executionId> <code>". */
    final List<String> runs = new CopyOnWriteArrayList<>();
    /** When each of {@link #runs} was delivered. */
    final List<Long> runNanos = new CopyOnWriteArrayList<>();
    /** The {@code seq} of every room event delivered, in delivery order. */
    final List<Long> roomSeqs = new CopyOnWriteArrayList<>();
    final List<Integer> usage = new CopyOnWriteArrayList<>();
    final List<Integer> webhooks = new CopyOnWriteArrayList<>();
    /** The {@code seq} of every webhook delivered (the mirror's own sequence), in delivery order. */
    final List<Long> webhookSeqs = new CopyOnWriteArrayList<>();
    final List<RoomMembership> gaps = new CopyOnWriteArrayList<>();
    final List<String> membership = new CopyOnWriteArrayList<>();
    /** How long each reconnect took, from the connection's loss to CONNECTED again, in ms. */
    final List<Long> reconnectMillis = new CopyOnWriteArrayList<>();
    private volatile long lostAtNanos;

    Watcher(String name, IntegrationsClient client) throws Exception {
        this.name = name;
        this.client = client;
        client.onConnectionState((state, cause) -> {
            if (state == ConnectionState.RECONNECTING) {
                lostAtNanos = System.nanoTime();
            } else if (state == ConnectionState.CONNECTED && lostAtNanos != 0) {
                reconnectMillis.add((System.nanoTime() - lostAtNanos) / 1_000_000);
                lostAtNanos = 0;
            }
        });
        client.connect().get(20, TimeUnit.SECONDS);
        Integration tweets = client.integration(TestBackend.PROJECT, TestBackend.TWEETS);
        Integration payments = client.integration(TestBackend.PROJECT, TestBackend.PAYMENTS);
        tweets.onRoomActivity(new RoomActivityListener() {
            @Override
            public void onExecutionStarted(ExecutionStarted e) {
                record("started " + e.executionId(), e.seq());
            }

            @Override
            public void onExecutionCompleted(ExecutionCompleted e) {
                record("completed " + e.executionId(), e.seq());
            }

            @Override
            public void onExecutionFailed(ExecutionFailed e) {
                record("failed " + e.executionId() + " " + e.error().code(), e.seq());
            }
        });
        tweets.onUsage(u -> {
            roomSeqs.add(u.seq());
            usage.add(((Number) u.usage().get("n")).intValue());
        });
        MembershipListener told = new MembershipListener() {
            @Override
            public void onLost(String room, IntegrationException cause, boolean retrying) {
                membership.add("lost " + room + " " + cause.code() + (retrying ? " retrying" : ""));
            }

            @Override
            public void onRestored(RoomMembership restored) {
                membership.add("restored " + restored.room());
            }
        };
        tweets.onMembership(told);
        payments.onMembership(told);
        tweets.onGap(gaps::add);
        payments.onGap(gaps::add);
        tweets.join().get(10, TimeUnit.SECONDS);
        payments.subscribeWebhooks(w -> {
            webhookSeqs.add(w.seq());
            webhooks.add(((Number) w.data().get("n")).intValue());
        }).get(10, TimeUnit.SECONDS);
    }

    private void record(String run, Long seq) {
        runNanos.add(System.nanoTime());
        runs.add(run);
        roomSeqs.add(seq);
    }

    /** When the last INTERRUPTED event was delivered. */
    long interruptedAtNanos() {
        long last = 0;
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).endsWith(" INTERRUPTED")) {
                last = runNanos.get(i);
            }
        }
        return last;
    }

    /** The terminal events (completed, failed) the room gave for {@code executionId}. */
    List<String> endsOf(String executionId) {
        return runs.stream().filter(run -> !run.startsWith("started ") && run.contains(" " + executionId)).toList();
    }

    @Override
    public String toString() {
        return name;
    }
}
