package io.integrationsrealtime.server.protocol;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.MultiTypeArgs;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.SocketIOServer;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.Limits;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * server-core as a host configures it, for the protocol tests: standalone ({@link Kind#STANDALONE},
 * the protocol's handlers on "/", a token required), or attached to a host's netty-socketio
 * server ({@link Kind#ATTACHED}: the handlers on "/integrations", and on "/" and "/custom" the
 * host's own listeners of the official test suite's reference server, which emit {@code auth}
 * on connection and echo {@code message} and {@code message-with-ack}).
 */
final class SpecServer implements AutoCloseable {

    enum Kind { STANDALONE, ATTACHED }

    static final int PING_INTERVAL = 500;
    /** Generous: a test client polling over HTTP on a loaded 2-core machine can answer a ping late. */
    static final int PING_TIMEOUT = 1500;
    static final int MAX_PAYLOAD = 100_000;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** The CONNECT that the main namespace of each kind accepts. */
    static final String AUTH = "{\"token\":\"" + TestAuth.TOKEN + "\"}";

    final Kind kind;
    final int port;
    /** What the attached host's main-namespace listener received, in order. */
    final List<List<Object>> hostMessages = new CopyOnWriteArrayList<>();
    /** Auth payloads the attached host's auth listener saw. */
    final List<Object> hostAuthPayloads = new CopyOnWriteArrayList<>();
    private final IntegrationsServer integrations;
    private final SocketIOServer host;

    private SpecServer(Kind kind) {
        this.kind = kind;
        Limits limits = Limits.DEFAULTS.withAuthTimeout(CONNECT_TIMEOUT);
        if (kind == Kind.STANDALONE) {
            host = null;
            integrations = TestAuth.server(new TestBackend()).limits(limits).configure(configuration -> {
                configuration.setPingInterval(PING_INTERVAL);
                configuration.setPingTimeout(PING_TIMEOUT);
                configuration.setMaxFramePayloadLength(MAX_PAYLOAD);
                configuration.setMaxHttpContentLength(MAX_PAYLOAD);
            }).build().start();
            port = integrations.port();
            return;
        }
        // A host serving its own clients on "/" (the suite's reference server's namespaces), with
        // this library's settings and the integrations on "/integrations".
        IntegrationsServer.Builder builder = IntegrationsServer.builder(new TestBackend()).authenticator(TestAuth.AUTHENTICATOR)
                .authorizer(TestAuth.AUTHORIZER).limits(limits).hostServesDefaultNamespace();
        Configuration configuration = builder.applySecureDefaults(new Configuration());
        configuration.setHostname("127.0.0.1");
        configuration.setPort(0);
        configuration.setPingInterval(PING_INTERVAL);
        configuration.setPingTimeout(PING_TIMEOUT);
        configuration.setMaxFramePayloadLength(MAX_PAYLOAD);
        configuration.setMaxHttpContentLength(MAX_PAYLOAD);
        host = new SocketIOServer(configuration);
        integrations = builder.attachTo(host, "/integrations");
        Class<?>[] anything = new Class<?>[8];
        Arrays.fill(anything, Object.class);
        SocketIONamespace main = host.getNamespace("");
        main.addAuthTokenListener((authData, client) -> {
            hostAuthPayloads.add(authData);
            return com.corundumstudio.socketio.AuthTokenResult.AuthTokenResultSuccess;
        });
        main.addConnectListener(client -> client.sendEvent("auth", auth(client)));
        main.addMultiTypeEventListener("message", (client, args, ack) -> {
            hostMessages.add(list(args));
            client.sendEvent("message-back", list(args).toArray());
        }, anything);
        main.addMultiTypeEventListener("message-with-ack", (client, args, ack) -> ack.sendAckData(list(args)), anything);
        SocketIONamespace custom = host.addNamespace("/custom");
        custom.addConnectListener(client -> client.sendEvent("auth", auth(client)));
        ChannelFuture bound = (ChannelFuture) host.startAsync().syncUninterruptibly();
        port = ((InetSocketAddress) bound.channel().localAddress()).getPort();
    }

    static SpecServer start(Kind kind) {
        return new SpecServer(kind);
    }

    /** The CONNECT packet that connects the main namespace of this kind of server. */
    String connectMain() {
        return "40" + AUTH;
    }

    private static Object auth(SocketIOClient client) {
        Object auth = client.getHandshakeData().getAuthToken();
        return auth == null ? Map.of() : auth;
    }

    private static List<Object> list(MultiTypeArgs args) {
        List<Object> out = new ArrayList<>();
        args.forEach(out::add);
        return out;
    }

    @Override
    public void close() {
        integrations.close();
        if (host != null) {
            host.stop();
        }
    }
}
