package io.integrationsrealtime.client;

import static io.integrationsrealtime.client.TestClients.INTEGRATION;
import static io.integrationsrealtime.client.TestClients.PROJECT;
import static io.integrationsrealtime.client.TestClients.failure;
import static io.integrationsrealtime.client.TestClients.unusedUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.protocol.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What the client does without a server: validation, fail-fast when offline, connect failures, close. */
@Tag("android")
class IntegrationsClientOfflineTest {

    private final TestClients clients = new TestClients();

    @AfterEach
    void closeAll() {
        clients.close();
    }

    @Test
    void requestsWhileNotConnectedFailAtOnceWithDisconnected() {
        IntegrationsClient client = client(unusedUrl());
        Integration integration = client.integration(PROJECT, INTEGRATION);

        for (CompletableFuture<?> request : List.of(
                integration.join(), integration.leave(), integration.status(), integration.test(),
                integration.execute("getUserTweets", Map.of("userId", "123"), null))) {
            IntegrationException error = failure(request);
            assertThat(error.code()).isEqualTo(ErrorCode.DISCONNECTED);
            assertThat(error.requestId()).isNotBlank();
        }
        assertThat(failure(integration.subscribeWebhooks(webhook -> { })).code()).isEqualTo(ErrorCode.DISCONNECTED);
        assertThat(client.isConnected()).isFalse();
        assertThat(client.connectionState()).isEqualTo(ConnectionState.DISCONNECTED);
    }

    @Test
    void invalidRequestsFailFastBeforeConnectivityIsChecked() {
        Integration integration = client(unusedUrl()).integration(PROJECT, INTEGRATION);

        IntegrationException badEndpoint = failure(integration.execute("9lives", Map.of(), Map.of()));
        assertThat(badEndpoint.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(badEndpoint.getMessage()).contains("endpoint");

        IntegrationException badRequestId = failure(integration.execute("getUserTweets", Map.of(), Map.of(),
                ExecuteOptions.defaults().withRequestId("has spaces")));
        assertThat(badRequestId.code()).isEqualTo(ErrorCode.INVALID_REQUEST);

        IntegrationException notJson = failure(integration.execute("getUserTweets", Map.of("x", new NotJson()), Map.of()));
        assertThat(notJson.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void handlesAreValidatedAndReused() {
        IntegrationsClient client = client(unusedUrl());

        assertThat(client.integration(PROJECT, INTEGRATION)).isSameAs(client.integration(PROJECT, INTEGRATION));
        assertThat(client.integration(PROJECT, INTEGRATION).projectId()).isEqualTo(PROJECT);
        assertThatThrownBy(() -> client.integration("nope", INTEGRATION))
                .isInstanceOfSatisfying(IntegrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void connectToAClosedPortFailsWithDisconnectedAndStopsTrying() {
        IntegrationsClient client = client(unusedUrl());
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        client.onConnectionState((state, cause) -> states.add(state));

        IntegrationException error = failure(client.connect(), Duration.ofSeconds(15));

        assertThat(error.code()).isEqualTo(ErrorCode.DISCONNECTED);
        assertThat(client.isConnected()).isFalse();
        assertThat(client.connectionState()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(states).doesNotContain(ConnectionState.CONNECTED);
    }

    @Test
    void connectTimesOutWhenTheServerNeverAnswers() throws IOException {
        ServerSocket silent = silentServer();
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (!silent.isClosed()) {
                    accepted.add(clients.closeLater(silent.accept()));  // accept and never answer
                }
            } catch (IOException closed) {
                // test over
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
        IntegrationsClient client = clients.client("http://127.0.0.1:" + silent.getLocalPort(),
                builder -> builder.connectTimeout(Duration.ofMillis(300)));

        assertThat(failure(client.connect(), Duration.ofSeconds(10)).code()).isEqualTo(ErrorCode.DISCONNECTED);
    }

    @Test
    void closeFailsAPendingConnectIsIdempotentAndLaterCallsFailFast() {
        ServerSocket silent = silentServer();
        IntegrationsClient client = clients.client("http://127.0.0.1:" + silent.getLocalPort(),
                builder -> builder.connectTimeout(Duration.ofSeconds(20)));
        CompletableFuture<Void> connecting = client.connect();

        client.close();
        client.close();

        assertThat(failure(connecting).code()).isEqualTo(ErrorCode.DISCONNECTED);
        assertThat(failure(client.connect()).code()).isEqualTo(ErrorCode.DISCONNECTED);
        assertThat(failure(client.integration(PROJECT, INTEGRATION).status()).code()).isEqualTo(ErrorCode.DISCONNECTED);
    }

    @Test
    void closeFromInsideACallbackDoesNotDeadlock() {
        IntegrationsClient client = client(unusedUrl());
        CompletableFuture<String> closedInCallback = new CompletableFuture<>();

        // The failed connect completes on the client's callback thread; close from there.
        client.connect().whenComplete((connected, error) -> {
            client.close();
            client.close();
            closedInCallback.complete(Thread.currentThread().getName());
        });

        await().atMost(Duration.ofSeconds(15)).until(closedInCallback::isDone);
        assertThat(closedInCallback.join()).startsWith("integrations-client-callbacks");
        assertThat(failure(client.connect()).code()).isEqualTo(ErrorCode.DISCONNECTED);
    }

    @Test
    void builderRejectsBadSettings() {
        assertThatThrownBy(() -> IntegrationsClient.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> IntegrationsClient.builder().serverUrl("ftp://example.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IntegrationsClient.builder().ackTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExecuteOptions.withTimeoutOf(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers ----

    private IntegrationsClient client(String url) {
        return clients.client(url, builder -> builder.reconnection(true));
    }

    private ServerSocket silentServer() {
        try {
            return clients.closeLater(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A value Jackson cannot write: its getter throws. */
    public static final class NotJson {
        public String getValue() {
            throw new IllegalStateException("not JSON");
        }
    }
}
