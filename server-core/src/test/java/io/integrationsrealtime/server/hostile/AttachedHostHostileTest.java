package io.integrationsrealtime.server.hostile;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.Limits;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile clients against a host's own netty-socketio server with the integrations attached to
 * {@code /integrations}, its configuration given {@code applySecureDefaults}: the host's default
 * namespace {@code /} (which netty-socketio opens for every transport) is no way around the token,
 * and the secure settings hold as on a standalone server.
 */
class AttachedHostHostileTest {

    private static final String NS = "/integrations";
    private static final Limits LIMITS = Limits.DEFAULTS.withAuthTimeout(Duration.ofSeconds(1));

    /** One host for most cases: netty-socketio takes seconds to stop. */
    private static Host host;
    private final List<FrameClient> clients = new ArrayList<>();

    /** A host's server with the integrations attached to {@link #NS}. */
    private record Host(SocketIOServer server, IntegrationsServer integrations, int port) implements AutoCloseable {
        @Override
        public void close() {
            integrations.close();
            server.stop();
        }
    }

    @BeforeAll
    static void startHost() {
        host = attach(builder -> builder);
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(FrameClient::close);
    }

    private static Host attach(UnaryOperator<IntegrationsServer.Builder> options) {
        IntegrationsServer.Builder builder = options.apply(IntegrationsServer.builder(new TestBackend())
                .authenticator(TestAuth.AUTHENTICATOR).authorizer(TestAuth.AUTHORIZER).limits(LIMITS)
                .allowedOrigins("http://allowed.test"));
        Configuration configuration = new Configuration();
        configuration.setHostname("127.0.0.1");
        configuration.setPort(0);
        SocketIOServer server = new SocketIOServer(builder.applySecureDefaults(configuration));
        IntegrationsServer integrations = builder.attachTo(server, NS);
        ChannelFuture bound = (ChannelFuture) server.startAsync().syncUninterruptibly();
        return new Host(server, integrations, ((InetSocketAddress) bound.channel().localAddress()).getPort());
    }

    private FrameClient open(Map<String, String> headers) {
        return open(host, headers);
    }

    private FrameClient open(Host on, Map<String, String> headers) {
        FrameClient client = FrameClient.open(on.port(), "", headers);
        clients.add(client);
        assertThat(client.awaitOpen()).as("Engine.IO open").isNotNull();
        return client;
    }

    /** CONNECT to the integrations namespace; the server's 40 or 44 answer. */
    private static String connect(FrameClient client, String auth) {
        client.send("40" + NS + "," + (auth == null ? "" : auth));
        List<String> frames = client.collect(frame -> frame.startsWith("40" + NS) || frame.startsWith("44" + NS),
                Duration.ofSeconds(5));
        return frames.isEmpty() ? null : frames.get(frames.size() - 1);
    }

    @Test
    void transportThatNeverConnectsToTheIntegrations_isClosedAfterTheAuthTimeout() {
        FrameClient idle = open(Map.of());

        idle.untilClosed(Duration.ofSeconds(5));

        assertThat(idle.isClosed()).as("closed though netty-socketio put it in '/'").isTrue();
    }

    @Test
    void badOrMissingToken_isRefused_andTheTransportClosed_thoughItIsAlsoIn() {
        FrameClient badToken = open(Map.of());
        FrameClient noToken = open(Map.of());

        assertThat(connect(badToken, "{\"token\":\"guessed\"}")).startsWith("44" + NS).contains("UNAUTHENTICATED");
        // Without an auth payload the CONNECT itself is refused (server-core's Engine.IO layer).
        assertThat(connect(noToken, null)).startsWith("44" + NS).contains("UNAUTHENTICATED");
        noToken.untilClosed(Duration.ofSeconds(5));
        badToken.untilClosed(Duration.ofSeconds(5));

        assertThat(noToken.isClosed()).as("closed though the transport is also in '/'").isTrue();
        assertThat(badToken.isClosed()).as("closed though the transport is also in '/'").isTrue();
    }

    @Test
    void authenticatedSocket_staysConnectedPastTheAuthTimeout_andWorks() {
        FrameClient client = open(Map.of());
        assertThat(connect(client, "{\"token\":\"" + TestAuth.TOKEN + "\"}")).startsWith("40" + NS);

        await().during(LIMITS.authTimeout().multipliedBy(3)).atMost(LIMITS.authTimeout().multipliedBy(5))
                .until(() -> !client.isClosed());
        client.send("42" + NS + ",7[\"integration:status\",{\"projectId\":\"" + PROJECT + "\",\"integrationId\":\"" + TWEETS + "\"}]");

        List<String> frames = client.collect(frame -> frame.startsWith("43" + NS + ",7["), Duration.ofSeconds(5));
        assertThat(frames).last().asString().contains("\"status\"");
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void hostThatServesItsOwnClientsOnTheDefaultNamespace_keepsThem() {
        try (Host servingDefault = attach(IntegrationsServer.Builder::hostServesDefaultNamespace)) {
            FrameClient hostsClient = open(servingDefault, Map.of());
            // A Socket.IO v5 client of the host connects its namespace "/" (no token: the host's own).
            hostsClient.send("40");
            assertThat(hostsClient.collect(frame -> frame.startsWith("40{"), Duration.ofSeconds(5))).isNotEmpty();

            await().during(LIMITS.authTimeout().multipliedBy(3)).atMost(LIMITS.authTimeout().multipliedBy(5))
                    .until(() -> !hostsClient.isClosed());
        }
    }

    @Test
    void clientChosenSessionId_isNotUsed() {
        String chosen = UUID.randomUUID().toString();

        String openPacket = open(Map.of("Cookie", "io=" + chosen, "io", chosen)).awaitOpen();

        assertThat(openPacket).startsWith("0{").doesNotContain(chosen);
    }

    @Test
    void pollingHandshake_advertisesNoVersion_andForeignOriginsAreRefused() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI handshake = URI.create("http://127.0.0.1:" + host.port() + "/socket.io/?EIO=4&transport=polling");

        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(handshake).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(handshake).header("Origin", "http://evil.test").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().map().keySet()).noneMatch(name -> name.equalsIgnoreCase("server"));
        assertThat(foreign.statusCode()).isEqualTo(401);
    }
}
