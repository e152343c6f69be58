package io.integrationsrealtime.examples;

import io.integrationsrealtime.client.Integration;
import io.integrationsrealtime.client.IntegrationException;
import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.client.RoomActivityListener;
import io.integrationsrealtime.client.Subscription;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.ExecutionFailed;
import io.integrationsrealtime.protocol.ExecutionStarted;
import io.integrationsrealtime.protocol.ProtocolJson;
import io.integrationsrealtime.protocol.WebhookReceived;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Walks every flow of the protocol with the client SDK and prints what arrives, in wire form.
 * Two clients take part: alice makes the requests, bob sits in the same room and shows what
 * everyone else sees of them.
 */
public final class DemoClient {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final PrintStream out;
    /** What bob has seen end, by executionId, so each step's output is complete before the next. */
    private final Map<String, CompletableFuture<Void>> endsSeenByBob = new java.util.concurrent.ConcurrentHashMap<>();

    public DemoClient(PrintStream out) {
        this.out = out;
    }

    /** Runs the walkthrough against {@code serverUrl}; throws if any step does not behave as documented. */
    public void walkthrough(String serverUrl) {
        try (IntegrationsClient alice = IntegrationsClient.builder().serverUrl(serverUrl).token(DemoServer.TOKEN).build();
             IntegrationsClient bob = IntegrationsClient.builder().serverUrl(serverUrl).token(DemoServer.TOKEN).build()) {
            await(CompletableFuture.allOf(alice.connect(), bob.connect()));
            say("alice and bob connected to " + serverUrl);

            Integration tweets = alice.integration(DemoCatalog.PROJECT_ID, DemoCatalog.TWEETS_ID);
            Integration bobsView = bob.integration(DemoCatalog.PROJECT_ID, DemoCatalog.TWEETS_ID);
            bobsView.onRoomActivity(printer("bob"));
            tweets.onUsage(usage -> show("alice", Events.USAGE_UPDATED, usage));

            step("1. join the integration room");
            show("alice", Events.JOINED, await(tweets.join()));
            show("bob", Events.JOINED, await(bobsView.join()));

            step("2. execute getUserTweets {userId: 123}: alice gets the data, bob a summary");
            ExecutionCompleted tweeted = await(tweets.execute("getUserTweets", Map.of("userId", "123"), Map.of()));
            show("alice", Events.EXECUTION_COMPLETED, tweeted);
            await(bobSawEnd(tweeted.executionId()));

            step("3. execute getUserTweets {userId: 0}: the upstream answers 404");
            IntegrationException notFound = showFailure("alice", tweets.execute("getUserTweets", Map.of("userId", "0"), Map.of()));
            await(bobSawEnd(notFound.executionId()));

            step("4. test: run the health check");
            ExecutionCompleted tested = await(tweets.test());
            show("alice", Events.TEST_COMPLETED, tested);
            await(bobSawEnd(tested.executionId()));

            step("5. status: isActive, usage, rateLimit, lastUsed");
            show("alice", Events.STATUS_RESPONSE, await(tweets.status()));

            step("6. webhook mirror: subscribe to the payments integration and wait for a webhook");
            Integration payments = alice.integration(DemoCatalog.PROJECT_ID, DemoCatalog.PAYMENTS_ID);
            CompletableFuture<WebhookReceived> firstWebhook = new CompletableFuture<>();
            Subscription webhooks = await(payments.subscribeWebhooks(webhook -> {
                show("alice", Events.WEBHOOK_RECEIVED, webhook);
                firstWebhook.complete(webhook);
            }));
            say("alice subscribed; waiting for the provider to send one");
            await(firstWebhook);
            webhooks.close();

            step("7. an inactive integration: every call fails with a code");
            Integration chat = alice.integration(DemoCatalog.PROJECT_ID, DemoCatalog.CHAT_ID);
            showFailure("alice", chat.execute("postMessage", Map.of("channel", "#general"), Map.of()));

            step("8. leave");
            show("alice", Events.LEFT, await(tweets.leave()));
            say("walkthrough complete: every flow ran");
        }
    }

    private CompletableFuture<Void> bobSawEnd(String executionId) {
        return endsSeenByBob.computeIfAbsent(executionId, id -> new CompletableFuture<>());
    }

    private RoomActivityListener printer(String who) {
        return new RoomActivityListener() {
            @Override
            public void onExecutionStarted(ExecutionStarted event) {
                show(who, Events.EXECUTION_STARTED, event);
            }

            @Override
            public void onExecutionCompleted(ExecutionCompleted event) {
                show(who, Events.EXECUTION_COMPLETED, event);
                bobSawEnd(event.executionId()).complete(null);
            }

            @Override
            public void onExecutionFailed(ExecutionFailed event) {
                show(who, Events.EXECUTION_FAILED, event);
                bobSawEnd(event.executionId()).complete(null);
            }

            @Override
            public void onTestStarted(ExecutionStarted event) {
                show(who, Events.TEST_STARTED, event);
            }

            @Override
            public void onTestCompleted(ExecutionCompleted event) {
                show(who, Events.TEST_COMPLETED, event);
                bobSawEnd(event.executionId()).complete(null);
            }

            @Override
            public void onTestFailed(ExecutionFailed event) {
                show(who, Events.TEST_FAILED, event);
                bobSawEnd(event.executionId()).complete(null);
            }
        };
    }

    private IntegrationException showFailure(String who, CompletableFuture<?> request) {
        try {
            request.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            throw new IllegalStateException("expected a failure");
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof IntegrationException failure)) {
                throw e;
            }
            synchronized (out) {
                out.printf("  [%s] <- failed %s: %s%n", who, failure.code(), ProtocolJson.write(failure.error()));
            }
            return failure;
        }
    }

    private void step(String title) {
        synchronized (out) {
            out.println();
            out.println("== " + title);
        }
    }

    private void say(String line) {
        synchronized (out) {
            out.println("  " + line);
        }
    }

    private void show(String who, String event, Object payload) {
        synchronized (out) {
            out.printf("  [%s] <- %s %s%n", who, event, ProtocolJson.write(payload));
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        return future.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Runs the walkthrough against a server that is already running. */
    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:9092";
        new DemoClient(System.out).walkthrough(url);
    }
}
