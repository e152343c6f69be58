package io.integrationsrealtime.client;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.RawClient;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Byte arrays both ways between the Java clients (client-sdk, and plain socket.io-client-java over
 * each transport) and server-core, and the connect_error of an unknown namespace.
 */
class BinaryAndNamespaceTest {

    private static final byte[] FILE = {0, 1, 2, (byte) 0xfe, (byte) 0xff, 42};
    private static final byte[] SIGNATURE = {9, 8, 7};

    private static TestBackend backend;
    private static IntegrationsServer server;
    private static String url;
    private final TestClients clients = new TestClients();

    @BeforeAll
    static void startServer() {
        backend = new TestBackend();
        server = TestAuth.server(backend).build().start();
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

    @Test
    void sdk_byteArraysInParamsAndRequestData_reachTheBackend_andABinaryResultArrivesAsByteArrays() {
        IntegrationsClient client = clients.client(url);
        client.connect().orTimeout(10, TimeUnit.SECONDS).join();

        ExecutionCompleted completed = client.integration(PROJECT, TWEETS)
                .execute("echo", Map.of("file", FILE, "name", "a.bin"), Map.of("signature", SIGNATURE))
                .orTimeout(10, TimeUnit.SECONDS).join();

        // TestBackend's echo returns the params and requestData it was called with.
        Map<?, ?> params = (Map<?, ?>) completed.result().data().get("params");
        Map<?, ?> requestData = (Map<?, ?>) completed.result().data().get("requestData");
        assertThat(params.get("file")).isInstanceOf(byte[].class);
        assertThat((byte[]) params.get("file")).containsExactly(FILE);
        assertThat(params.get("name")).isEqualTo("a.bin");
        assertThat((byte[]) requestData.get("signature")).containsExactly(SIGNATURE);
    }

    @Test
    void sdk_aRetryWithTheSameRequestId_getsTheSameBytesBackFromTheIdempotencyStore() {
        IntegrationsClient client = clients.client(url);
        client.connect().orTimeout(10, TimeUnit.SECONDS).join();
        Integration integration = client.integration(PROJECT, TWEETS);
        ExecuteOptions sameRequest = ExecuteOptions.defaults().withRequestId("binary-retry-" + System.nanoTime());

        ExecutionCompleted first = integration.execute("echo", Map.of("file", FILE), Map.of(), sameRequest).join();
        ExecutionCompleted retry = integration.execute("echo", Map.of("file", FILE), Map.of(), sameRequest).join();

        assertThat(retry.executionId()).isEqualTo(first.executionId());
        assertThat((byte[]) ((Map<?, ?>) retry.result().data().get("params")).get("file")).containsExactly(FILE);
    }

    @Test
    void sdk_anUnknownNamespace_failsTheConnectAtOnce_withTheServersMessage() {
        IntegrationsClient client = clients.client(url + "/no-such-namespace");
        long start = System.nanoTime();

        IntegrationException refused = TestClients.failure(client.connect(), Duration.ofSeconds(4));

        assertThat(refused.code()).isEqualTo(ErrorCode.DISCONNECTED);
        assertThat(refused.getMessage()).contains("Invalid namespace");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("well before the 5 s connect timeout").isLessThan(Duration.ofSeconds(4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void socketIoClientJava_byteArraysGoBothWays(String transport) {
        try (RawClient raw = new RawClient(server.port(), "/", List.of(), options -> options
                .setAuth(Map.of("token", TestAuth.TOKEN)).setTransports(new String[] {transport}).setUpgrade(false)).connect()) {
            JSONObject request = new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS).put("endpoint", "echo")
                    .put("params", new JSONObject().put("file", FILE));

            JSONObject reply = raw.requestJson(Events.EXECUTE, request);

            Object file = reply.getJSONObject("result").getJSONObject("data").getJSONObject("params").get("file");
            assertThat(file).isInstanceOf(byte[].class);
            assertThat((byte[]) file).containsExactly(FILE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void socketIoClientJava_anUnknownNamespace_getsAConnectErrorObject(String transport) {
        try (RawClient raw = new RawClient(server.port(), "/no-such-namespace", List.of(), options -> options
                .setTransports(new String[] {transport}))) {
            JSONObject error = raw.connectError();

            assertThat(error.getString("message")).isEqualTo("Invalid namespace");
        }
    }
}
