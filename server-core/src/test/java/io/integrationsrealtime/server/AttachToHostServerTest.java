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
        Configuration configuration = new Configuration();
        configuration.setHostname("127.0.0.1");
        configuration.setPort(0);
        configuration.setAckMode(AckMode.MANUAL);
        SocketIOServer host = new SocketIOServer(configuration);
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
    void attachingToAServerThatDropsLateAcks_isRefused() {
        SocketIOServer host = new SocketIOServer(new Configuration());

        assertThatThrownBy(() -> IntegrationsServer.builder(new TestBackend()).allowAnonymous().attachTo(host))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AckMode.MANUAL");
    }
}
