package io.integrationsrealtime.server.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.server.IntegrationsServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node's server shows whether its Redis backplane is reachable, for a host's health check. */
class BackplaneAvailabilityTest {

    private TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        LocalRedis.assumeAvailable();
        cluster = new TestCluster(1, true, builder -> builder);
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void redisLinkCut_serverReportsBackplaneDown_untilItIsBack() {
        IntegrationsServer server = cluster.node(0).server;
        assertThat(server.backplaneAvailable()).isTrue();

        cluster.node(0).redisLink.cut();
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.backplaneAvailable());

        cluster.node(0).redisLink.restore();
        await().atMost(Duration.ofSeconds(30)).until(server::backplaneAvailable);
    }
}
