package io.integrationsrealtime.server.redis;

import static io.integrationsrealtime.server.TestBackend.TWEETS_REF;

import io.integrationsrealtime.server.IntegrationsServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * Usage pushes to the TWEETS room from every node of a cluster, one after another per node, until
 * stopped. A publish may fail (a slot between masters, a failover): the next one is sent anyway,
 * and only acknowledged ones are told.
 */
final class UsageLoad {

    private final AtomicBoolean publishing = new AtomicBoolean(true);
    private final List<CompletableFuture<Void>> publishers = new ArrayList<>();

    /** @param acknowledged told the seq of every acknowledged push */
    UsageLoad(TestCluster cluster, int nodes, LongConsumer acknowledged) {
        for (int node = 0; node < nodes; node++) {
            IntegrationsServer publisher = cluster.node(node).server;
            publishers.add(CompletableFuture.runAsync(() -> {
                while (publishing.get()) {
                    publisher.publishUsageAsync(TWEETS_REF, Map.of("n", 1)).handle((update, failure) -> {
                        if (update != null) {
                            acknowledged.accept(update.seq());
                        }
                        return null;
                    }).join();
                }
            }));
        }
    }

    /** Stops publishing and waits for every node's last push. */
    void stop() throws Exception {
        publishing.set(false);
        CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    }
}
