package io.integrationsrealtime.server;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.protocol.Events;
import java.time.Duration;
import java.util.List;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * A standalone server restarted on its port right after a graceful shutdown binds at once: the
 * connections the old server closed sit in TIME_WAIT on that port, which without address reuse
 * fails the bind ({@code BindException}) for about a minute.
 */
class RestartOnSamePortTest {

    @Test
    void restartOnTheSamePort_rightAfterShutdown_withConnectionsItClosed() {
        IntegrationsServer first = TestAuth.server(new TestBackend()).build().start();
        int port = first.port();
        List<RawClient> clients = List.of(new RawClient(port, List.of()).connect(), new RawClient(port, List.of()).connect());
        for (RawClient client : clients) {
            assertThat(client.requestJson(Events.STATUS, ids()).has("status")).isTrue();
        }

        first.shutdown(Duration.ofSeconds(1));   // the server closes the clients' connections: TIME_WAIT on its side
        clients.forEach(RawClient::close);

        IntegrationsServer second = TestAuth.server(new TestBackend()).port(port).build().start();
        try (RawClient client = new RawClient(port, List.of()).connect()) {
            assertThat(second.port()).isEqualTo(port);
            assertThat(client.requestJson(Events.STATUS, ids()).has("status")).isTrue();
        } finally {
            second.close();
        }
    }

    private static JSONObject ids() {
        return new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS);
    }
}
