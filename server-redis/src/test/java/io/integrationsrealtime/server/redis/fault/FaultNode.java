package io.integrationsrealtime.server.redis.fault;

import io.integrationsrealtime.protocol.IntegrationStatus;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import io.integrationsrealtime.server.redis.RedisBackplane;
import io.integrationsrealtime.server.spi.EndpointCall;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import io.integrationsrealtime.server.spi.IntegrationRef;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One cluster node in a process of its own, for the fault suite: a server-core server on a free
 * port linked through Redis, with the test backend plus an endpoint "work" that takes
 * {@code params.ms} and tells stdout each time it starts ({@code RAN <requestId> <executionId>}),
 * so the suite counts runs across processes. Talks over stdio:
 * <ul>
 * <li>stdout: {@code READY <port>} once listening; {@code RAN ...}; {@code PUBLISHED <n>} or
 *     {@code UNPUBLISHED <n> <code>} per publish command; {@code DRAINED} after a graceful stop.</li>
 * <li>stdin: {@code publish <n>} mirrors webhook {@code {n}} to TestBackend.PAYMENTS's subscribers
 *     and pushes usage {@code {n}} to TestBackend.TWEETS's room.</li>
 * <li>SIGTERM: drains (up to 20 s), closes the server and the Redis link, says {@code DRAINED}.</li>
 * </ul>
 * Arguments: redis URL, key prefix, replay window in events.
 */
public final class FaultNode {

    private FaultNode() {
    }

    public static void main(String[] args) throws Exception {
        RedisBackplane redis = RedisBackplane.builder(args[0]).keyPrefix(args[1])
                .replayMaxEvents(Integer.parseInt(args[2])).commandTimeout(Duration.ofSeconds(1)).connect();
        IntegrationsServer server = IntegrationsServer.builder(new WorkBackend())
                .authenticator(TestAuth.AUTHENTICATOR).authorizer(TestAuth.AUTHORIZER)
                .hostname("127.0.0.1").port(0)
                .roomEventBus(redis.eventBus()).idempotencyStore(redis.idempotencyStore())
                .configure(config -> config.getSocketConfig().setReuseAddress(true))
                .build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown(Duration.ofSeconds(20));
            redis.close();
            say("DRAINED");
        }, "fault-node-drain"));
        say("READY " + server.port());

        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] words = line.trim().split(" ");
            if (words.length == 2 && words[0].equals("publish")) {
                publish(server, Integer.parseInt(words[1]));
            }
        }
        System.exit(0);   // stdin closed: the suite's JVM is gone, this node must not outlive it
    }

    private static void publish(IntegrationsServer server, int n) {
        try {
            server.publishWebhook(TestBackend.PAYMENTS_REF, "stripe.invoice.paid", Map.of("n", n));
            server.publishUsage(TestBackend.TWEETS_REF, Map.of("n", n));
            say("PUBLISHED " + n);
        } catch (IntegrationFailure failure) {
            say("UNPUBLISHED " + n + " " + failure.error().code());
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** The test backend, plus "work": a call that takes {@code params.ms} and announces itself. */
    private static final class WorkBackend implements IntegrationBackend {
        private final TestBackend tests = new TestBackend();

        @Override
        public CompletionStage<Boolean> exists(IntegrationRef integration) {
            return tests.exists(integration);
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(EndpointCall call) {
            if (!call.endpoint().equals("work")) {
                return tests.execute(call);
            }
            say("RAN " + call.requestId() + " " + call.executionId());
            long millis = ((Number) call.params().getOrDefault("ms", 0)).longValue();
            return CompletableFuture.supplyAsync(() -> Map.of("requestId", call.requestId()),
                    CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
        }

        @Override
        public CompletionStage<Map<String, Object>> healthCheck(IntegrationRef integration) {
            return tests.healthCheck(integration);
        }

        @Override
        public CompletionStage<IntegrationStatus> status(IntegrationRef integration) {
            return tests.status(integration);
        }
    }
}
