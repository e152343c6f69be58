package io.integrationsrealtime.client;

import static io.integrationsrealtime.server.TestBackend.PAYMENTS;
import static io.integrationsrealtime.server.TestBackend.PAYMENTS_REF;
import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static io.integrationsrealtime.server.TestBackend.TWEETS_REF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.ExecutionFailed;
import io.integrationsrealtime.protocol.ExecutionStarted;
import io.integrationsrealtime.protocol.StatusResponse;
import io.integrationsrealtime.protocol.UsageUpdated;
import io.integrationsrealtime.protocol.WebhookReceived;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.RawClient;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Real server-core and real client-sdk over loopback, every flow of the protocol. */
@Tag("android")
class ClientServerEndToEndTest {

    private static IntegrationsServer server;
    private static String url;
    private final TestClients clients = new TestClients();

    @BeforeAll
    static void startServer() {
        server = TestAuth.server(new TestBackend()).build().start();
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private IntegrationsClient connected() {
        IntegrationsClient client = clients.client(url);
        client.connect().orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }

    private static <T> T await5s(CompletableFuture<T> future) {
        return future.orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** Records room activity in arrival order. */
    private static final class Activity implements RoomActivityListener {
        final List<Object> events = new CopyOnWriteArrayList<>();

        @Override
        public void onExecutionStarted(ExecutionStarted event) {
            events.add(event);
        }

        @Override
        public void onExecutionCompleted(ExecutionCompleted event) {
            events.add(event);
        }

        @Override
        public void onExecutionFailed(ExecutionFailed event) {
            events.add(event);
        }
    }

    @Test
    void twoClientsInOneRoom_otherSeesStartedAndSummaryOnly() {
        Integration caller = connected().integration(PROJECT, TWEETS);
        Integration other = connected().integration(PROJECT, TWEETS);
        await5s(caller.join());
        await5s(other.join());
        Activity callerSees = new Activity();
        Activity otherSees = new Activity();
        caller.onRoomActivity(callerSees);
        other.onRoomActivity(otherSees);

        ExecutionCompleted mine = await5s(caller.execute("getUserTweets", Map.of("userId", "123"), Map.of()));

        assertThat(mine.result().success()).isTrue();
        assertThat(mine.result().data()).containsEntry("userId", "123").containsKey("tweets");
        assertThat(mine.requestId()).isNotBlank();
        await().atMost(Duration.ofSeconds(5)).until(() -> otherSees.events.size() == 2);
        ExecutionStarted started = (ExecutionStarted) otherSees.events.get(0);
        ExecutionCompleted summary = (ExecutionCompleted) otherSees.events.get(1);
        assertThat(started.executionId()).isEqualTo(mine.executionId());
        assertThat(summary.executionId()).isEqualTo(mine.executionId());
        assertThat(summary.result().isSummary()).isTrue();
        assertThat(summary.result().data()).isNull();
        assertThat(summary.requestId()).isNull();
        assertThat(started.requestId()).isNull();
        // A later round trip on the caller's socket: its own room events would have arrived by now.
        await5s(caller.status());
        assertThat(callerSees.events).isEmpty();
    }

    @Test
    void webhooksReachSubscribersOnly() throws Exception {
        Integration subscriber = connected().integration(PROJECT, PAYMENTS);
        List<WebhookReceived> subscriberGot = new CopyOnWriteArrayList<>();
        Subscription subscription = await5s(subscriber.subscribeWebhooks(subscriberGot::add));
        // A bystander that joined the room but did not subscribe, watched at the wire level.
        RawClient bystander = clients.closeLater(new RawClient(server.port(), List.of(Events.WEBHOOK_RECEIVED)).connect());
        bystander.requestJson(Events.JOIN, new JSONObject().put("projectId", PROJECT).put("integrationId", PAYMENTS));

        for (int i = 0; i < 5; i++) {
            server.publishWebhook(PAYMENTS_REF, "stripe.invoice.paid", Map.of("invoiceId", "in_" + i));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> subscriberGot.size() == 5);
        assertThat(subscriberGot).extracting(w -> w.data().get("invoiceId"))
                .containsExactly("in_0", "in_1", "in_2", "in_3", "in_4");
        assertThat(subscriberGot.get(0).event()).isEqualTo("stripe.invoice.paid");
        assertThat(subscriberGot.get(0).integrationId()).isEqualTo(PAYMENTS);
        bystander.requestJson(Events.STATUS, new JSONObject().put("projectId", PROJECT).put("integrationId", PAYMENTS));
        assertThat(bystander.pending(Events.WEBHOOK_RECEIVED)).isZero();

        subscription.close();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            server.publishWebhook(PAYMENTS_REF, "stripe.invoice.paid", Map.of("invoiceId", "after"));
            await5s(subscriber.status());
            assertThat(subscriberGot).noneMatch(w -> "after".equals(w.data().get("invoiceId")));
        });
    }

    @Test
    void fiftyConcurrentExecutesOnOneConnection_eachResolvesToItsOwnResult() {
        Integration tweets = connected().integration(PROJECT, TWEETS);
        List<CompletableFuture<ExecutionCompleted>> futures = new ArrayList<>();

        for (int n = 0; n < 50; n++) {
            futures.add(tweets.execute("echo", Map.of("n", n), Map.of("tag", "t" + n)));
        }

        for (int n = 0; n < 50; n++) {
            ExecutionCompleted completed = futures.get(n).orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(completed.result().data()).isEqualTo(Map.of("params", Map.of("n", n), "requestData", Map.of("tag", "t" + n)));
        }
        Set<String> requestIds = futures.stream().map(f -> f.join().requestId()).collect(Collectors.toSet());
        Set<String> executionIds = futures.stream().map(f -> f.join().executionId()).collect(Collectors.toSet());
        assertThat(requestIds).hasSize(50);
        assertThat(executionIds).hasSize(50);
    }

    @Test
    void failingEndpoint_failsTheCallersFuture_andTheRoomSeesFailedWithoutDetails() {
        Integration caller = connected().integration(PROJECT, TWEETS);
        Integration other = connected().integration(PROJECT, TWEETS);
        await5s(other.join());
        Activity otherSees = new Activity();
        other.onRoomActivity(otherSees);

        IntegrationException failure = TestClients.failure(caller.execute("upstreamDown", Map.of(), Map.of()));

        assertThat(failure.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
        assertThat(failure.getMessage()).contains("upstream answered 503");
        assertThat(failure.details()).containsEntry("status", 503);
        assertThat(failure.executionId()).isNotBlank();
        assertThat(failure.retryable()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> otherSees.events.size() == 2);
        ExecutionFailed seen = (ExecutionFailed) otherSees.events.get(1);
        assertThat(seen.error().code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
        assertThat(seen.error().details()).isNull();
        assertThat(seen.executionId()).isEqualTo(failure.executionId());
    }

    @Test
    void requestIdReusedForAnotherRequest_failsWithItsOwnCode_theSameRequestGetsTheFirstOutcome() {
        Integration tweets = connected().integration(PROJECT, TWEETS);
        ExecuteOptions once = ExecuteOptions.defaults().withRequestId("dash-1");
        ExecutionCompleted first = await5s(tweets.execute("getUserTweets", Map.of("userId", 42), null, once));

        IntegrationException reused = TestClients.failure(tweets.execute("getUserTweets", Map.of("userId", 999), null, once));
        ExecutionCompleted retried = await5s(tweets.execute("getUserTweets", Map.of("userId", 42), null, once));

        assertThat(reused.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);
        assertThat(reused.retryable()).isFalse();
        assertThat(reused.requestId()).isEqualTo("dash-1");
        assertThat(retried.executionId()).isEqualTo(first.executionId());
    }

    @Test
    void hostExceptions_reachTheClientAsInternalOnly() {
        Integration tweets = connected().integration(PROJECT, TWEETS);

        IntegrationException failure = TestClients.failure(tweets.execute("throws", Map.of(), Map.of()));

        assertThat(failure.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(failure.getMessage()).doesNotContain(TestBackend.SECRET);
    }

    @Test
    void healthCheck_completesOrFailsWithItsCode() {
        IntegrationsClient client = connected();

        ExecutionCompleted healthy = await5s(client.integration(PROJECT, TWEETS).test());
        IntegrationException unhealthy = TestClients.failure(client.integration(PROJECT, PAYMENTS).test());

        assertThat(healthy.endpoint()).isEqualTo("healthCheck");
        assertThat(healthy.result().data()).containsEntry("latencyMs", 12);
        assertThat(unhealthy.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
    }

    @Test
    void status_hasTheSeedShape() {
        IntegrationsClient client = connected();

        StatusResponse tweets = await5s(client.integration(PROJECT, TWEETS).status());
        StatusResponse payments = await5s(client.integration(PROJECT, PAYMENTS).status());

        assertThat(tweets.integrationId()).isEqualTo(TWEETS);
        assertThat(tweets.status().active()).isTrue();
        assertThat(tweets.status().usage()).containsEntry("requests", 1);
        assertThat(tweets.status().rateLimit().remaining()).isEqualTo(899);
        assertThat(tweets.status().lastUsed()).isNotNull();
        assertThat(tweets.timestamp()).isNotNull();
        assertThat(payments.status().rateLimit()).isNull();
        assertThat(payments.status().lastUsed()).isNull();
    }

    @Test
    void usage_reachesTheRoom_untilLeave() {
        Integration tweets = connected().integration(PROJECT, TWEETS);
        List<UsageUpdated> usage = new CopyOnWriteArrayList<>();
        tweets.onUsage(usage::add);
        await5s(tweets.join());

        server.publishUsage(TWEETS_REF, Map.of("requests", 43, "errors", 1));

        await().atMost(Duration.ofSeconds(5)).until(() -> usage.size() == 1);
        assertThat(usage.get(0).usage()).containsEntry("requests", 43).containsEntry("errors", 1);
        assertThat(usage.get(0).integrationId()).isEqualTo(TWEETS);

        await5s(tweets.leave());
        server.publishUsage(TWEETS_REF, Map.of("requests", 44));
        await5s(tweets.status());
        assertThat(usage).hasSize(1);
    }

    @Test
    void unknownOrForeignIntegration_isNotFound_otherProjectIsForbidden() {
        IntegrationsClient client = connected();

        IntegrationException missing = TestClients.failure(client.integration(PROJECT, "aaaaaaaaaaaaaaaaaaaaaaaa").join());
        IntegrationException foreign = TestClients.failure(client.integration(PROJECT, TestBackend.FOREIGN).status());
        IntegrationException otherProject = TestClients.failure(client.integration(TestBackend.OTHER_PROJECT, TestBackend.FOREIGN).join());

        assertThat(missing.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(foreign.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(foreign.error().message()).isEqualTo(missing.error().message());
        assertThat(otherProject.code()).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void badToken_failsConnectWithUnauthenticated_andTheSupplierIsAskedPerAttempt() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        IntegrationsClient client = clients.client(url, builder -> builder.tokenSupplier(() -> {
            asked.incrementAndGet();
            return "not-a-valid-token";
        }));

        IntegrationException refused = TestClients.failure(client.connect(), Duration.ofSeconds(10));

        assertThat(refused.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(refused.getMessage()).contains("invalid token");
        assertThat(asked.get()).isEqualTo(1);
        IntegrationException again = TestClients.failure(client.connect(), Duration.ofSeconds(10));
        assertThat(again.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(asked.get()).isEqualTo(2);
    }

    @Test
    void callbacksRunOnTheCallersExecutor_neverOnSocketIosThread() {
        ExecutorService app = Executors.newSingleThreadExecutor(r -> new Thread(r, "app-callbacks"));
        clients.closeLater(app::shutdownNow);
        IntegrationsClient client = clients.client(url, builder -> builder.callbackExecutor(app));
        client.connect().orTimeout(10, TimeUnit.SECONDS).join();
        Integration tweets = client.integration(PROJECT, TWEETS);
        List<String> threads = new CopyOnWriteArrayList<>();
        tweets.onUsage(usage -> threads.add(Thread.currentThread().getName()));
        await5s(tweets.join());

        CompletableFuture<String> futureThread = tweets.execute("getUserTweets", Map.of("userId", "1"), Map.of())
                .thenApply(done -> Thread.currentThread().getName());
        server.publishUsage(TWEETS_REF, Map.of("requests", 1));

        assertThat(await5s(futureThread)).isEqualTo("app-callbacks");
        await().atMost(Duration.ofSeconds(5)).until(() -> threads.size() == 1);
        assertThat(threads).containsOnly("app-callbacks");
    }
}
