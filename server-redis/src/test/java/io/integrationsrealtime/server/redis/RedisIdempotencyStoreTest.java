package io.integrationsrealtime.server.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.server.TcpProxy;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import io.integrationsrealtime.server.store.IdempotencyStore;
import io.integrationsrealtime.server.store.IdempotencyStore.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared store: release gives up a running claim and nothing else; a key reused with another
 * fingerprint is refused; a running claim holds while its node's lease does, and a retry takes it
 * over within about the lease once the node is gone (cut off, or closed).
 */
class RedisIdempotencyStoreTest {

    private static final long FINGERPRINT = 0x5eed;
    private final String prefix = LocalRedis.uniquePrefix();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private IdempotencyStore store;

    @BeforeEach
    void connect() {
        LocalRedis.assumeAvailable();
        store = node(LocalRedis.URL).idempotencyStore();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        LocalRedis.deleteAll(prefix);
    }

    private RedisBackplane node(String url) {
        RedisBackplane node = RedisBackplane.builder(url).keyPrefix(prefix).nodeLease(Duration.ofSeconds(1))
                .commandTimeout(Duration.ofSeconds(1)).connect();
        toClose.add(node);
        return node;
    }

    private static CompletableFuture<Outcome> claim(IdempotencyStore store, String key, long fingerprint) throws Exception {
        return store.claimAsync(key, fingerprint).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void releasingARunningClaim_letsTheNextClaimRun() throws Exception {
        assertThat(claim(store, "user\u0000order-1", FINGERPRINT)).isNull();

        store.release("user\u0000order-1");

        assertThat(claim(store, "user\u0000order-1", FINGERPRINT)).as("claimed again: the retry runs").isNull();
    }

    @Test
    void releasingAFinishedClaim_keepsItsOutcome() throws Exception {
        assertThat(claim(store, "user\u0000order-2", FINGERPRINT)).isNull();
        store.complete("user\u0000order-2", new Outcome("integration:execution:completed", Map.of("n", 1)));

        store.release("user\u0000order-2");  // commands on one connection run in order

        CompletableFuture<Outcome> retry = claim(store, "user\u0000order-2", FINGERPRINT);
        assertThat(retry).as("the retry gets the first outcome instead of running again").isNotNull();
        Outcome outcome = retry.get(5, TimeUnit.SECONDS);
        assertThat(outcome.event()).isEqualTo("integration:execution:completed");
        assertThat(outcome.payloadJson()).isEqualTo("{\"n\":1}");
    }

    @Test
    void aKeyReusedForAnotherRequest_isRefused_whileRunningAndAfter_onAnyNode() throws Exception {
        IdempotencyStore other = node(LocalRedis.URL).idempotencyStore();
        assertThat(claim(store, "user\u0000dash-1", FINGERPRINT)).isNull();

        assertReused(claim(other, "user\u0000dash-1", FINGERPRINT + 1));
        store.complete("user\u0000dash-1", new Outcome("integration:execution:completed", Map.of("userId", 42)));
        assertReused(claim(other, "user\u0000dash-1", -FINGERPRINT));

        assertThat(claim(other, "user\u0000dash-1", FINGERPRINT).get(5, TimeUnit.SECONDS).payloadJson())
                .isEqualTo("{\"userId\":42}");
    }

    @Test
    void aClaimOfANodeCutOffFromRedis_isTakenOverWhenItsLeaseRunsOut() throws Exception {
        TcpProxy link = new TcpProxy(LocalRedis.PORT);
        toClose.add(link);
        IdempotencyStore cutOff = node("redis://127.0.0.1:" + link.port()).idempotencyStore();
        assertThat(claim(cutOff, "user\u0000order-3", FINGERPRINT)).isNull();

        CompletableFuture<CompletableFuture<Outcome>> retry =
                store.claimAsync("user\u0000order-3", FINGERPRINT).toCompletableFuture();
        assertThat(retry).as("the first node is alive: the retry waits for its outcome").isNotDone();
        link.cut();
        long cutAt = System.nanoTime();

        assertThat(retry.get(10, TimeUnit.SECONDS)).as("taken over: the retry runs").isNull();
        Duration waited = Duration.ofNanos(System.nanoTime() - cutAt);
        assertThat(waited).isBetween(Duration.ofMillis(500), Duration.ofMillis(2500));
    }

    @Test
    void aClosedNodesClaims_areFreeAtOnce() throws Exception {
        RedisBackplane leaving = node(LocalRedis.URL);
        assertThat(claim(leaving.idempotencyStore(), "user\u0000order-4", FINGERPRINT)).isNull();
        CompletableFuture<CompletableFuture<Outcome>> retry =
                store.claimAsync("user\u0000order-4", FINGERPRINT).toCompletableFuture();

        long closedAt = System.nanoTime();
        leaving.close();

        assertThat(retry.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofMillis(800));
    }

    private static void assertReused(CompletableFuture<Outcome> claim) {
        assertThat(claim).isNotNull();
        assertThatThrownBy(() -> claim.get(5, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(IntegrationFailure.class,
                failure -> assertThat(failure.error().code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED));
    }
}
