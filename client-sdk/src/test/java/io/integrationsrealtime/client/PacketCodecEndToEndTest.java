package io.integrationsrealtime.client;

import static io.integrationsrealtime.server.TestBackend.PAYMENTS;
import static io.integrationsrealtime.server.TestBackend.PAYMENTS_REF;
import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static io.integrationsrealtime.server.TestBackend.TWEETS_REF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.IntegrationStatus;
import io.integrationsrealtime.protocol.UsageUpdated;
import io.integrationsrealtime.protocol.WebhookReceived;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import io.integrationsrealtime.server.spi.EndpointCall;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.integrationsrealtime.server.spi.IntegrationRef;
import io.netty.channel.ChannelFuture;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The client's packet codec against a real server-core: requests go out as Jackson-written text
 * (JsonText through socket.io's stock encoder), acks and events come in through
 * JacksonPacketDecoder, on the default namespace and on a namespace of its own (whose packets
 * carry a {@code /nsp,} header).
 */
@Tag("android")
class PacketCodecEndToEndTest {

    private final TestClients clients = new TestClients();

    @AfterEach
    void closeAll() {
        clients.close();
    }

    /** Values that org.json and Jackson could disagree on, or lose: unicode, escapes, big and exact numbers. */
    private static Map<String, Object> trickyParams() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("nothing", null);
        nested.put("list", List.of(1, -2, "três", List.of(true, false), Map.of()));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("text", "héllo wörld \"quoted\" \\ / \n\t\r ☃ 😀 \u0000 \u2028 end");
        params.put("ключ ☃", "value");
        params.put("int", 7);
        params.put("negative", -3);
        params.put("long", 12345678901L);
        params.put("beyond2pow53", 9007199254740993L);
        params.put("maxLong", Long.MAX_VALUE);
        params.put("huge", new BigInteger("123456789012345678901234567890"));
        params.put("decimal", 0.1);
        params.put("small", -2.5E-7);
        params.put("yes", true);
        params.put("empty", "");
        params.put("nested", nested);
        return params;
    }

    @Test
    void requestParamsReachTheBackendExactly_andComeBackExactly() {
        Recorder backend = new Recorder();
        IntegrationsServer server = clients.closeLater(IntegrationsServer.builder(backend)
                .authenticator(TestAuth.AUTHENTICATOR).authorizer(TestAuth.AUTHORIZER)
                .hostname("127.0.0.1").port(0).build().start());
        IntegrationsClient client = clients.client("http://127.0.0.1:" + server.port());
        client.connect().orTimeout(10, TimeUnit.SECONDS).join();
        Map<String, Object> params = trickyParams();
        Map<String, Object> requestData = Map.of("tag", "ünï ☃", "n", 9007199254740993L);

        ExecutionCompleted completed = client.integration(PROJECT, TWEETS).execute("echo", params, requestData)
                .orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(backend.calls).hasSize(1);
        assertThat(backend.calls.get(0).params()).isEqualTo(params);
        assertThat(backend.calls.get(0).requestData()).isEqualTo(requestData);
        assertThat(completed.result().data()).isEqualTo(Map.of("params", params, "requestData", requestData));
        assertThat(completed.requestId()).isEqualTo(backend.calls.get(0).requestId());
    }

    @Test
    void onANamespace_acksEventsAndFailuresDecode() throws Exception {
        Configuration configuration = new Configuration();
        configuration.setHostname("127.0.0.1");
        configuration.setPort(0);
        IntegrationsServer.Builder builder = IntegrationsServer.builder(new TestBackend()).authenticator(TestAuth.AUTHENTICATOR)
                .authorizer(TestAuth.AUTHORIZER);
        SocketIOServer host = new SocketIOServer(builder.applySecureDefaults(configuration));
        IntegrationsServer server = builder.attachTo(host, "/integrations");
        clients.closeLater(host::stop);
        clients.closeLater(server);
        ChannelFuture bound = (ChannelFuture) host.startAsync().syncUninterruptibly();
        int port = ((InetSocketAddress) bound.channel().localAddress()).getPort();
        IntegrationsClient client = clients.client("http://127.0.0.1:" + port + "/integrations");
        client.connect().orTimeout(10, TimeUnit.SECONDS).join();
        Integration tweets = client.integration(PROJECT, TWEETS);
        Integration payments = client.integration(PROJECT, PAYMENTS);
        List<UsageUpdated> usage = new CopyOnWriteArrayList<>();
        tweets.onUsage(usage::add);
        List<WebhookReceived> webhooks = new CopyOnWriteArrayList<>();
        await5s(tweets.join());
        await5s(payments.subscribeWebhooks(webhooks::add));
        Map<String, Object> params = trickyParams();

        ExecutionCompleted echoed = await5s(tweets.execute("echo", params, Map.of()));
        IntegrationException failed = TestClients.failure(tweets.execute("upstreamDown", Map.of(), Map.of()));
        server.publishUsage(TWEETS_REF, Map.of("requests", 43, "big", 9007199254740993L));
        server.publishWebhook(PAYMENTS_REF, "stripe.invoice.paid", params);

        assertThat(echoed.result().data()).isEqualTo(Map.of("params", params, "requestData", Map.of()));
        assertThat(failed.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
        assertThat(failed.details()).containsEntry("status", 503);
        assertThat(failed.executionId()).isNotBlank();
        await().atMost(Duration.ofSeconds(5)).until(() -> usage.size() == 1 && webhooks.size() == 1);
        assertThat(usage.get(0).usage()).containsEntry("requests", 43).containsEntry("big", 9007199254740993L);
        assertThat(webhooks.get(0).event()).isEqualTo("stripe.invoice.paid");
        assertThat(webhooks.get(0).data()).isEqualTo(params);
    }

    private static <T> T await5s(CompletableFuture<T> future) {
        return future.orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** The test backend, remembering the calls it was given. */
    private static final class Recorder implements IntegrationBackend {
        final TestBackend backend = new TestBackend();
        final List<EndpointCall> calls = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Boolean> exists(IntegrationRef integration) {
            return backend.exists(integration);
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(EndpointCall call) {
            calls.add(call);
            return backend.execute(call);
        }

        @Override
        public CompletionStage<Map<String, Object>> healthCheck(IntegrationRef integration) {
            return backend.healthCheck(integration);
        }

        @Override
        public CompletionStage<IntegrationStatus> status(IntegrationRef integration) {
            return backend.status(integration);
        }
    }
}
