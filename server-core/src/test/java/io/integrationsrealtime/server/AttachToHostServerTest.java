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

    private static IntegrationsServer.Builder builder() {
        return IntegrationsServer.builder(new TestBackend()).authenticator(TestAuth.AUTHENTICATOR).authorizer(TestAuth.AUTHORIZER);
    }

    @Test
    void handlersAttachToAHostsNamespace() {
        SocketIOServer host = hostServer();
        IntegrationsServer integrations = builder().attachTo(host, "/integrations");
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
    void aHostThatStartedBeforeAttaching_keepsServing_onNettySocketiosOwnLayer() {
        SocketIOServer host = hostServer();
        ChannelFuture bound = (ChannelFuture) host.startAsync().syncUninterruptibly();
        int port = ((InetSocketAddress) bound.channel().localAddress()).getPort();
        // Attaching used to stop the timer of the pipeline factory the host was already running
        // with: every later connection then failed ("cannot be started once stopped").
        IntegrationsServer integrations = builder().attachTo(host, "/integrations");
        try (RawClient client = new RawClient(port, "/integrations", List.of()).connect()) {

            JSONObject joined = client.requestJson(Events.JOIN, new JSONObject()
                    .put("projectId", TestBackend.PROJECT).put("integrationId", TestBackend.TWEETS));

            assertThat(joined.getString("room")).isEqualTo("integration:" + TestBackend.TWEETS);
        } finally {
            integrations.close();
            host.stop();
        }
    }

    @Test
    void roomEventsReachOthers_onAHostsDefaultNamespace() throws Exception {
        SocketIOServer host = hostServer();
        IntegrationsServer integrations = builder().attachTo(host);
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

    /** A host's own server on a free loopback port, given the secure settings. */
    private static SocketIOServer hostServer() {
        Configuration configuration = new Configuration();
        configuration.setHostname("127.0.0.1");
        configuration.setPort(0);
        return new SocketIOServer(builder().applySecureDefaults(configuration));
    }

    @Test
    void attachingToAServerThatDropsLateAcks_isRefused() {
        Configuration configuration = builder().applySecureDefaults(new Configuration());
        configuration.setAckMode(AckMode.AUTO_SUCCESS_ONLY);
        SocketIOServer host = new SocketIOServer(configuration);

        assertThatThrownBy(() -> IntegrationsServer.builder(new TestBackend()).allowAnonymous().attachTo(host))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AckMode.MANUAL");
    }

    @Test
    void hostConfiguredAsTheOldGuideSaid_isRefused_namingEachMissingSetting() {
        // What docs/server-guide.md showed before: MANUAL acks, SafeJsonSupport, SafeExceptionListener.
        Configuration configuration = new Configuration();
        configuration.setAckMode(AckMode.MANUAL);
        configuration.setJsonSupport(new SafeJsonSupport());
        configuration.setExceptionListener(new SafeExceptionListener());
        SocketIOServer asDocumented = new SocketIOServer(configuration);
        SocketIOServer bare = new SocketIOServer(new Configuration());

        assertThatThrownBy(() -> builder().attachTo(asDocumented, "/integrations"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("randomSession is off")
                .hasMessageContaining("addVersionHeader is on")
                .hasMessageContaining("applySecureDefaults(configuration)")
                .message().doesNotContain("SafeJsonSupport").doesNotContain("AckMode");
        assertThatThrownBy(() -> builder().attachTo(bare))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AckMode.MANUAL")
                .hasMessageContaining("randomSession is off")
                .hasMessageContaining("addVersionHeader is on")
                .hasMessageContaining("not a SafeExceptionListener")
                .hasMessageContaining("not a SafeJsonSupport");
    }

    @Test
    void applySecureDefaults_givesAHostTheStandaloneServersSettings_andKeepsItsOwnAuthorization() {
        Configuration configuration = new Configuration();
        configuration.setPort(8080);
        java.util.List<String> hostChecked = new java.util.concurrent.CopyOnWriteArrayList<>();
        configuration.setAuthorizationListener(data -> {
            hostChecked.add(data.getUrl());
            return com.corundumstudio.socketio.AuthorizationResult.SUCCESSFUL_AUTHORIZATION;
        });

        builder().limits(Limits.DEFAULTS.withMaxPayloadBytes(4096)).allowedOrigins("https://app.example.com")
                .applySecureDefaults(configuration);

        assertThat(configuration.getPort()).isEqualTo(8080);
        assertThat(configuration.getAckMode()).isEqualTo(AckMode.MANUAL);
        assertThat(configuration.isRandomSession()).isTrue();
        assertThat(configuration.isAddVersionHeader()).isFalse();
        assertThat(configuration.isWebsocketCompression()).isFalse();
        assertThat(configuration.isHttpCompression()).isFalse();
        assertThat(configuration.getMaxFramePayloadLength()).isEqualTo(16 * 4096);
        assertThat(configuration.getMaxHttpContentLength()).isEqualTo(16 * 4096);
        assertThat(configuration.getJsonSupport()).isInstanceOf(SafeJsonSupport.class);
        assertThat(configuration.getExceptionListener()).isInstanceOf(SafeExceptionListener.class);
        com.corundumstudio.socketio.AuthorizationListener check = configuration.getAuthorizationListener();
        assertThat(check.getAuthorizationResult(handshake("https://evil.example.com")).isAuthorized()).isFalse();
        assertThat(hostChecked).isEmpty();
        assertThat(check.getAuthorizationResult(handshake("https://app.example.com")).isAuthorized()).isTrue();
        assertThat(check.getAuthorizationResult(handshake(null)).isAuthorized()).isTrue();
        assertThat(hostChecked).as("the host's own listener after the origin check").hasSize(2);
    }

    private static com.corundumstudio.socketio.HandshakeData handshake(String origin) {
        io.netty.handler.codec.http.HttpHeaders headers = new io.netty.handler.codec.http.DefaultHttpHeaders();
        if (origin != null) {
            headers.set("Origin", origin);
        }
        return new com.corundumstudio.socketio.HandshakeData(headers, java.util.Map.of(), null, null, "/socket.io/", false);
    }
}
