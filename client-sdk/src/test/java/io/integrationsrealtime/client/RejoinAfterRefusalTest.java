package io.integrationsrealtime.client;

import static io.integrationsrealtime.server.TestBackend.PAYMENTS;
import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.RoomMembership;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.TcpProxy;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import io.integrationsrealtime.server.spi.Authorizer;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * After a reconnect the server refuses the re-join for a while (UNAVAILABLE: its cluster store is
 * down) or for good (FORBIDDEN): the client keeps trying the retryable refusal until the room and
 * the webhook mirror are back, with what was missed replayed, and tells the app of the loss and
 * the return through {@link MembershipListener}.
 */
class RejoinAfterRefusalTest {

    private final TestClients clients = new TestClients();
    /** The code every join and subscribe is refused with, or null to let them through. */
    private final AtomicReference<ErrorCode> refusal = new AtomicReference<>();
    private final AtomicInteger refused = new AtomicInteger();
    private IntegrationsServer server;
    private TcpProxy proxy;

    @AfterEach
    void cleanUp() {
        clients.close();
    }

    private Integration tweets;
    private Integration payments;
    /** What MembershipListeners were told, as "lost <room> <code> retrying=<b>" and "restored <room>". */
    private final List<String> told = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Authorizer authorizer = (principal, integration) -> {
            ErrorCode code = refusal.get();
            if (code == null) {
                return TestAuth.AUTHORIZER.mayAccess(principal, integration);
            }
            refused.incrementAndGet();
            return CompletableFuture.failedFuture(new IntegrationFailure(code, "refused by the test"));
        };
        server = clients.closeLater(IntegrationsServer.builder(new TestBackend()).authenticator(TestAuth.AUTHENTICATOR)
                .authorizer(authorizer).hostname("127.0.0.1").port(0).build().start());
        proxy = clients.closeLater(new TcpProxy(server.port()));
        IntegrationsClient client = clients.client("http://127.0.0.1:" + proxy.port(),
                b -> b.rejoinBackoff(Duration.ofMillis(50), Duration.ofMillis(400)));
        client.connect().get(10, TimeUnit.SECONDS);
        tweets = client.integration(PROJECT, TWEETS);
        payments = client.integration(PROJECT, PAYMENTS);
        MembershipListener listener = new MembershipListener() {
            @Override
            public void onLost(String room, IntegrationException cause, boolean retrying) {
                told.add("lost " + room + " " + cause.code() + " retrying=" + retrying);
            }

            @Override
            public void onRestored(RoomMembership membership) {
                told.add("restored " + membership.room());
            }
        };
        tweets.onMembership(listener);
        payments.onMembership(listener);
    }

    @Test
    void retryableRefusal_isRetriedWithBackoff_untilRoomAndWebhooksAreBack_withWhatWasMissed() throws Exception {
        List<Integer> usage = new CopyOnWriteArrayList<>();
        List<Integer> webhooks = new CopyOnWriteArrayList<>();
        tweets.onUsage(u -> usage.add(((Number) u.usage().get("n")).intValue()));
        tweets.join().get(5, TimeUnit.SECONDS);
        payments.subscribeWebhooks(w -> webhooks.add(((Number) w.data().get("n")).intValue())).get(5, TimeUnit.SECONDS);
        publish(1, 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> usage.size() == 3 && webhooks.size() == 3);

        refusal.set(ErrorCode.UNAVAILABLE);
        proxy.dropRandom(1.0);                         // the client reconnects; its re-join and re-subscribe are refused
        await().atMost(Duration.ofSeconds(20)).until(() -> refused.get() >= 6);   // a few rounds of attempts
        publish(4, 6);                                 // missed meanwhile: replayed once the room is back
        refusal.set(null);

        await().atMost(Duration.ofSeconds(10)).until(() -> usage.size() >= 6 && webhooks.size() >= 6);
        publish(7, 8);
        await().atMost(Duration.ofSeconds(5)).until(() -> usage.size() >= 8 && webhooks.size() >= 8);
        List<Integer> expected = IntStream.rangeClosed(1, 8).boxed().collect(Collectors.toList());
        assertThat(usage).containsExactlyElementsOf(expected);
        assertThat(webhooks).containsExactlyElementsOf(expected);
        await().atMost(Duration.ofSeconds(5)).until(() -> told.size() == 4);
        assertThat(told).containsExactlyInAnyOrder(
                "lost integration:" + TWEETS + " UNAVAILABLE retrying=true",
                "lost integration:" + PAYMENTS + ":webhooks UNAVAILABLE retrying=true",
                "restored integration:" + TWEETS,
                "restored integration:" + PAYMENTS + ":webhooks");
    }

    @Test
    void nonRetryableRefusal_isReportedOnce_notRetried_andTheRoomIsBackAfterTheNextReconnect() throws Exception {
        List<Integer> usage = new CopyOnWriteArrayList<>();
        tweets.onUsage(u -> usage.add(((Number) u.usage().get("n")).intValue()));
        tweets.join().get(5, TimeUnit.SECONDS);
        payments.subscribeWebhooks(w -> { }).get(5, TimeUnit.SECONDS);

        refusal.set(ErrorCode.FORBIDDEN);
        proxy.dropRandom(1.0);
        await().atMost(Duration.ofSeconds(20)).until(() -> told.size() == 2);
        assertThat(told).containsExactlyInAnyOrder(
                "lost integration:" + TWEETS + " FORBIDDEN retrying=false",
                "lost integration:" + PAYMENTS + ":webhooks FORBIDDEN retrying=false");
        int attempts = refused.get();
        // Nothing is retried on this connection: no attempt for several times the longest backoff.
        await().during(Duration.ofMillis(2000)).atMost(Duration.ofSeconds(3)).until(() -> refused.get() == attempts);

        refusal.set(null);
        proxy.dropRandom(1.0);                         // the next reconnect tries again, and is let in
        await().atMost(Duration.ofSeconds(20)).until(() -> told.size() == 4);
        assertThat(told.subList(2, 4)).containsExactlyInAnyOrder(
                "restored integration:" + TWEETS, "restored integration:" + PAYMENTS + ":webhooks");
        publish(1, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> usage.size() == 1);
    }

    private void publish(int from, int to) {
        for (int n = from; n <= to; n++) {
            server.publishUsage(TestBackend.TWEETS_REF, Map.of("n", n));
            server.publishWebhook(TestBackend.PAYMENTS_REF, "stripe.invoice.paid", Map.of("n", n));
        }
    }
}
