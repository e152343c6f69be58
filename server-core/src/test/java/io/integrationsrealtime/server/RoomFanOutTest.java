package io.integrationsrealtime.server;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.server.spi.IntegrationRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Room events reach every member once and in order, whatever its transport: websockets get them
 * from their event loops (the engine's fan-out), long-polling and upgrading sockets through
 * netty-socketio's queue, on the default namespace and on one of a host's choosing (whose name the
 * fanned-out frame must carry).
 */
class RoomFanOutTest {

    private static final int WEBHOOKS = 40;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/integrations"})
    void webhooksReachEverySubscriber_onEachTransport_onceAndInOrder(String namespace) throws Exception {
        IntegrationsServer server = TestAuth.server(new TestBackend()).namespace(namespace).build().start();
        toClose.add(server);
        List<RawClient> subscribers = List.of(
                subscriber(server, namespace, "websocket"),
                subscriber(server, namespace, "websocket"),
                subscriber(server, namespace, "polling"),
                subscriber(server, namespace, "polling", "websocket"));
        JSONObject ids = new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS);
        List<Long> heads = new ArrayList<>();
        for (RawClient subscriber : subscribers) {
            heads.add(subscriber.requestJson(Events.WEBHOOK_SUBSCRIBE, ids).getLong("seq"));
        }
        long head = heads.stream().mapToLong(Long::longValue).max().orElseThrow();

        IntegrationRef integration = new IntegrationRef(PROJECT, TWEETS);
        for (int i = 0; i < WEBHOOKS; i++) {
            server.publishWebhook(integration, "stripe.invoice.paid", Map.of("n", i));
        }

        for (RawClient subscriber : subscribers) {
            for (int i = 0; i < WEBHOOKS; i++) {
                JSONObject received = subscriber.next(Events.WEBHOOK_RECEIVED, Duration.ofSeconds(10));
                assertThat(received).as("webhook %d of %s", i, subscriber.id()).isNotNull();
                assertThat(received.getLong("seq")).isEqualTo(head + 1 + i);
                assertThat(received.getJSONObject("data").getInt("n")).isEqualTo(i);
            }
        }
        // A round trip on each socket after the last webhook: nothing came twice.
        for (RawClient subscriber : subscribers) {
            subscriber.requestJson(Events.STATUS, ids);
            assertThat(subscriber.pending(Events.WEBHOOK_RECEIVED)).isZero();
        }
    }

    private RawClient subscriber(IntegrationsServer server, String namespace, String... transports) {
        RawClient client = new RawClient(server.port(), namespace, List.of(Events.WEBHOOK_RECEIVED),
                options -> options.setAuth(Map.of("token", TestAuth.TOKEN)).setTransports(transports));
        toClose.add(client);
        return client.connect();
    }
}
