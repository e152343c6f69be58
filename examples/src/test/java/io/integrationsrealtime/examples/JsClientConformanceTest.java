package io.integrationsrealtime.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import io.integrationsrealtime.protocol.IntegrationStatus;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.spi.EndpointCall;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.integrationsrealtime.server.spi.IntegrationRef;
import io.integrationsrealtime.server.spi.Principal;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The official JS client against server-core standalone and attached to a host's netty-socketio
 * server, over both transports: byte arrays both ways (a Uint8Array, Buffer or ArrayBuffer in
 * params reaches the backend as byte[], a byte[] in a result arrives as a Buffer) and the
 * connect_error of an unknown namespace. Runs interop/conformance/*.test.mjs.
 */
class JsClientConformanceTest {

    @Test
    void officialJsClient_binaryBothWays_andUnknownNamespaces() throws Exception {
        NodeRun.requireNodeAndModules("socket.io-client");
        IntegrationsServer standalone = server().hostname("127.0.0.1").port(0).build().start();
        IntegrationsServer.Builder attaching = server();
        Configuration configuration = attaching.applySecureDefaults(new Configuration());
        configuration.setHostname("127.0.0.1");
        configuration.setPort(0);
        SocketIOServer host = new SocketIOServer(configuration);
        IntegrationsServer attached = attaching.attachTo(host, "/integrations");
        NodeRun.Result result;
        try {
            ChannelFuture bound = (ChannelFuture) host.startAsync().syncUninterruptibly();
            int hostPort = ((InetSocketAddress) bound.channel().localAddress()).getPort();
            result = NodeRun.run("conformance", Map.of(
                            "STANDALONE_URL", "http://127.0.0.1:" + standalone.port(),
                            "ATTACHED_URL", "http://127.0.0.1:" + hostPort + "/integrations"),
                    Duration.ofMinutes(2), "--test", "--test-reporter=spec", "--test-concurrency=1", "--test-timeout=30000",
                    "conformance/");
        } finally {
            attached.close();
            host.stop();
            standalone.close();
        }
        assertThat(result.output()).containsPattern("(?m)\\bpass [1-9]\\d*$").containsPattern("(?m)\\bfail 0$");
        assertThat(result.exitCode()).as("node --test exit code; output:\n%s", result.output()).isZero();
    }

    /** The demo's token and ids; the backend echoes what it was given and the Java types it saw. */
    private static IntegrationsServer.Builder server() {
        return IntegrationsServer.builder(new EchoBackend())
                .authenticator(credentials -> CompletableFuture.completedFuture(
                        "demo-token".equals(credentials.token()) ? Principal.of("js") : null))
                .authorizer((principal, integration) -> CompletableFuture.completedFuture(true));
    }

    private static final class EchoBackend implements IntegrationBackend {

        @Override
        public CompletionStage<Boolean> exists(IntegrationRef integration) {
            return CompletableFuture.completedFuture(DemoCatalog.PROJECT_ID.equals(integration.projectId()));
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(EndpointCall call) {
            Map<String, Object> types = new LinkedHashMap<>();
            call.params().forEach((name, value) -> types.put(name, value instanceof byte[] ? "byte[]"
                    : value instanceof Map ? "Map" : value == null ? "null" : value.getClass().getSimpleName()));
            return CompletableFuture.completedFuture(Map.of("params", call.params(), "requestData", call.requestData(),
                    "javaTypes", types));
        }

        @Override
        public CompletionStage<Map<String, Object>> healthCheck(IntegrationRef integration) {
            return CompletableFuture.completedFuture(Map.of());
        }

        @Override
        public CompletionStage<IntegrationStatus> status(IntegrationRef integration) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("not in this test"));
        }
    }
}
