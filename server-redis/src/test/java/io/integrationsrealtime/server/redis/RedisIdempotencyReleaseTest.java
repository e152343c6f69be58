package io.integrationsrealtime.server.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.server.store.IdempotencyStore;
import io.integrationsrealtime.server.store.IdempotencyStore.Outcome;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** release gives up a running claim and nothing else, like server-core's in-memory store. */
class RedisIdempotencyReleaseTest {

    private RedisBackplane backplane;
    private IdempotencyStore store;

    @BeforeEach
    void connect() {
        LocalRedis.assumeAvailable();
        backplane = RedisBackplane.builder(LocalRedis.URL).keyPrefix(LocalRedis.uniquePrefix())
                .commandTimeout(Duration.ofSeconds(1)).connect();
        store = backplane.idempotencyStore();
    }

    @AfterEach
    void close() {
        if (backplane != null) {
            backplane.close();
        }
    }

    private CompletableFuture<Outcome> claim(String key) throws Exception {
        return store.claimAsync(key).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void releasingARunningClaim_letsTheNextClaimRun() throws Exception {
        assertThat(claim("user\u0000order-1")).isNull();

        store.release("user\u0000order-1");

        assertThat(claim("user\u0000order-1")).as("claimed again: the retry runs").isNull();
    }

    @Test
    void releasingAFinishedClaim_keepsItsOutcome() throws Exception {
        assertThat(claim("user\u0000order-2")).isNull();
        store.complete("user\u0000order-2", new Outcome("integration:execution:completed", Map.of("n", 1)));

        store.release("user\u0000order-2");  // commands on one connection run in order

        CompletableFuture<Outcome> retry = claim("user\u0000order-2");
        assertThat(retry).as("the retry gets the first outcome instead of running again").isNotNull();
        Outcome outcome = retry.get(5, TimeUnit.SECONDS);
        assertThat(outcome.event()).isEqualTo("integration:execution:completed");
        assertThat(outcome.payloadJson()).isEqualTo("{\"n\":1}");
    }
}
