package io.integrationsrealtime.server;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.IntegrationStatus;
import io.integrationsrealtime.server.spi.Authorizer;
import io.integrationsrealtime.server.spi.EndpointCall;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.integrationsrealtime.server.spi.IntegrationRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Host code that declares it never blocks is called on the event loop that read the request, with
 * the same outcomes; anything else (an undeclared backend or authorizer, a host-given executor)
 * keeps the backend executor.
 */
class NeverBlockingHostCodeTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final TestBackend delegate = new TestBackend();
    /** Where the authorizer ran. */
    private final Set<String> authorizerThreads = ConcurrentHashMap.newKeySet();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** TestBackend, saying whether it never blocks (its endpoints do not: slow ones complete later). */
    private IntegrationBackend backend(boolean neverBlocks) {
        return new IntegrationBackend() {
            @Override
            public CompletionStage<Boolean> exists(IntegrationRef integration) {
                return delegate.exists(integration);
            }

            @Override
            public CompletionStage<Map<String, Object>> execute(EndpointCall call) {
                return delegate.execute(call);
            }

            @Override
            public CompletionStage<Map<String, Object>> healthCheck(IntegrationRef integration) {
                return delegate.healthCheck(integration);
            }

            @Override
            public CompletionStage<IntegrationStatus> status(IntegrationRef integration) {
                return delegate.status(integration);
            }

            @Override
            public boolean neverBlocks() {
                return neverBlocks;
            }
        };
    }

    private Authorizer authorizer(boolean neverBlocks) {
        Authorizer test = (principal, integration) -> {
            authorizerThreads.add(Thread.currentThread().getName());
            return TestAuth.AUTHORIZER.mayAccess(principal, integration);
        };
        if (!neverBlocks) {
            return test;
        }
        return Authorizer.nonBlocking((principal, integration) -> test.mayAccess(principal, integration)
                .toCompletableFuture().join());   // completed already: TestAuth answers from memory
    }

    private RawClient client(IntegrationBackend backend, Authorizer authorizer, UnaryOperator<IntegrationsServer.Builder> options) {
        IntegrationsServer server = options.apply(TestAuth.server(backend).authorizer(authorizer)).build().start();
        toClose.add(server);
        RawClient client = new RawClient(server.port(), "/", List.of(Events.EXECUTION_COMPLETED),
                o -> o.setAuth(Map.of("token", TestAuth.TOKEN))).connect();
        toClose.add(client);
        return client;
    }

    private static JSONObject execute(String endpoint) {
        return new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS).put("endpoint", endpoint);
    }

    private static void assertSameOutcomes(RawClient client) {
        JSONObject first = client.requestJson(Events.EXECUTE, execute("getUserTweets").put("requestId", "nb-1"));
        JSONObject retried = client.requestJson(Events.EXECUTE, execute("getUserTweets").put("requestId", "nb-1"));
        JSONObject later = client.requestJson(Events.EXECUTE, execute("slow").put("params", new JSONObject().put("ms", 30)));
        JSONObject failed = client.requestJson(Events.EXECUTE, execute("upstreamDown"));
        JSONObject thrown = client.requestJson(Events.EXECUTE, execute("throws"));
        JSONObject joined = client.requestJson(Events.JOIN,
                new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS));

        assertThat(first.getJSONObject("result").getJSONObject("data").getJSONArray("tweets").getString(0)).isEqualTo("hello");
        assertThat(retried.getString("executionId")).isEqualTo(first.getString("executionId"));
        assertThat(later.getJSONObject("result").getJSONObject("data").getInt("slept")).isEqualTo(30);
        assertThat(failed.getJSONObject("error").getString("code")).isEqualTo("UPSTREAM_ERROR");
        assertThat(thrown.getJSONObject("error").getString("code")).isEqualTo("INTERNAL");
        assertThat(thrown.toString()).doesNotContain(TestBackend.SECRET);
        assertThat(joined.has("error")).isFalse();
        assertThat(client.connected()).isTrue();
    }

    @Test
    void backendAndAuthorizerThatNeverBlock_runOnTheEventLoop_withTheSameOutcomes() {
        RawClient client = client(backend(true), authorizer(true), b -> b);

        assertSameOutcomes(client);

        assertThat(delegate.threads).isNotEmpty().allMatch(name -> name.contains("EventLoopGroup"));
        assertThat(authorizerThreads).isNotEmpty().allMatch(name -> name.contains("EventLoopGroup"));
    }

    @Test
    void anUndeclaredBackend_keepsTheBackendPool() {
        RawClient client = client(backend(false), authorizer(true), b -> b);

        assertSameOutcomes(client);

        assertThat(delegate.threads).isNotEmpty().allMatch(name -> name.startsWith("integrations-backend-"));
    }

    @Test
    void anUndeclaredAuthorizer_keepsTheBackendPool() {
        RawClient client = client(backend(true), authorizer(false), b -> b);

        assertSameOutcomes(client);

        assertThat(delegate.threads).isNotEmpty().allMatch(name -> name.startsWith("integrations-backend-"));
        assertThat(authorizerThreads).isNotEmpty().allMatch(name -> name.startsWith("integrations-backend-"));
    }

    @Test
    void aHostGivenExecutor_isUsedEvenForHostCodeThatNeverBlocks() {
        ExecutorService hosts = Executors.newFixedThreadPool(2, runnable -> new Thread(runnable, "hosts-own"));
        toClose.add(hosts::shutdownNow);
        RawClient client = client(backend(true), authorizer(true), b -> b.backendExecutor(hosts));

        assertSameOutcomes(client);

        assertThat(delegate.threads).isNotEmpty().allMatch(name -> name.equals("hosts-own"));
    }
}
