package io.integrationsrealtime.server.redis;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static io.integrationsrealtime.server.TestBackend.TWEETS_REF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.client.IntegrationsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** On one Redis instance: a node listens to a room's channel only while it serves the room; the single channel still works. */
class RoomChannelsTest {

    private TestCluster cluster;

    @BeforeEach
    void redis() {
        LocalRedis.assumeAvailable();
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aNodeHearsOnlyTheRoomsItServes() throws Exception {
        cluster = new TestCluster(3);
        SubscriptionChecks.aNodeHearsOnlyTheRoomsItServes(cluster);
    }

    @Test
    void withTheSingleChannel_everyNodeHearsEveryRoom_andDeliveryIsTheSame() throws Exception {
        cluster = new TestCluster(2, false, builder -> builder.roomChannels(false));
        IntegrationsClient client = cluster.client(1);
        client.connect().get(10, TimeUnit.SECONDS);
        List<Long> usage = new CopyOnWriteArrayList<>();
        client.integration(PROJECT, TWEETS).onUsage(update -> usage.add(update.seq()));
        client.integration(PROJECT, TWEETS).join().get(5, TimeUnit.SECONDS);

        for (int n = 0; n < 20; n++) {
            cluster.node(0).server.publishUsage(TWEETS_REF, Map.of("n", n));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> usage.size() >= 20);
        long first = usage.get(0);
        assertThat(usage).containsExactlyElementsOf(LongStream.range(first, first + 20).boxed().toList());
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.node(0).redis.roomEventsReceived() == 20);
        assertThat(cluster.node(0).redis.roomsListened()).as("no socket of node 0 is in the room, it hears it anyway")
                .isZero();
        assertThat(cluster.node(1).redis.roomEventsReceived()).isEqualTo(20);
    }
}
