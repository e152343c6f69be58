package io.integrationsrealtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import io.integrationsrealtime.protocol.Events;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.util.List;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

class AttachToHostServerTest {

    @Test
    void handlersAttachToAHostsNamespace() {
        SocketIOServer host = hostServer();
        IntegrationsServer integrations = IntegrationsServer.builder(new TestBackend()).authenticator(TestAuth.AUTHENTICATOR)
                .authorizer(TestAuth.AUTHORIZER).attachTo(host, "/integrations");
        ChannelFuture bound = (ChannelFuture) host.startAsync().syncUninterruptibly();
        int port = ((InetSocketAddress) bound.channel().localAddress()).getPort();
        try (RawClient client = new RawClient(port, "/integrations", List.of()).connect()) {

            JSONObject joined = client.requestJson(Events.JOIN, new JSONObject()
                    .put("projectId", TestBackend.PROJECT).put("integrationId", TestBackend.TWEETS));

            assertThat(joined.getString("room")).isEqualTo("integration:" + TestBackend.TWEETS);
            assertThat(integrations.namespace().getName()).isEqualTo("/integrations");
        } finally {
            integrations.close();
            host.stop();
        }
    }

    @Test
    void roomEventsReachOthers_throughAHostsOwnJsonSupport() throws Exception {
        // The host keeps netty-socketio's JacksonJsonSupport: room events written once for all
        // recipients (EncodedEvent) must still go out as the same JSON.
        SocketIOServer host = hostServer();
        IntegrationsServer integrations = IntegrationsServer.builder(new TestBackend()).authenticator(TestAuth.AUTHENTICATOR)
                .authorizer(TestAuth.AUTHORIZER).attachTo(host);
        ChannelFuture bound = (ChannelFuture) host.startAsync().syncUninterruptibly();
        int port = ((InetSocketAddress) bound.channel().localAddress()).getPort();
        List<String> events = List.of(Events.EXECUTION_STARTED, Events.EXECUTION_COMPLETED);
        try (RawClient caller = new RawClient(port, events).connect(); RawClient other = new RawClient(port, events).connect()) {
            JSONObject ids = new JSONObject().put("projectId", TestBackend.PROJECT).put("integrationId", TestBackend.TWEETS);
            caller.requestJson(Events.JOIN, ids);
            other.requestJson(Events.JOIN, ids);

            JSONObject completed = caller.requestJson(Events.EXECUTE, new JSONObject(ids.toMap())
                    .put("endpoint", "getUserTweets").put("params", new JSONObject().put("userId", "123")));

            JSONObject started = other.next(Events.EXECUTION_STARTED);
            JSONObject summary = other.next(Events.EXECUTION_COMPLETED);
            assertThat(started.getString("executionId")).isEqualTo(completed.getString("executionId"));
            assertThat(started.getString("endpoint")).isEqualTo("getUserTweets");
            assertThat(summary.getJSONObject("result").toMap()).containsExactly(java.util.Map.entry("success", true));
        } finally {
            integrations.close();
            host.stop();
        }
    }

    /** A host's own server on a free loopback port, with netty-socketio's default JsonSupport. */
    private static SocketIOServer hostServer() {
        Configuration configuration = new Configuration();
        configuration.setHostname("127.0.0.1");
        configuration.setPort(0);
        configuration.setAckMode(AckMode.MANUAL);
        return new SocketIOServer(configuration);
    }

    @Test
    void attachingToAServerThatDropsLateAcks_isRefused() {
        SocketIOServer host = new SocketIOServer(new Configuration());

        assertThatThrownBy(() -> IntegrationsServer.builder(new TestBackend()).allowAnonymous().attachTo(host))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AckMode.MANUAL");
    }
}
