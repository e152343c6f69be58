package io.integrationsrealtime.server.internal.engine;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.ack.AckManager;
import com.corundumstudio.socketio.handler.AuthorizeHandler;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.handler.ClientsBox;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.namespace.NamespacesHub;
import com.corundumstudio.socketio.protocol.JsonSupport;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.store.StoreFactory;
import com.corundumstudio.socketio.store.pubsub.DisconnectMessage;
import com.corundumstudio.socketio.store.pubsub.PubSubType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;

/**
 * Internal, not API. The Engine.IO v4 / Socket.IO v5 layer server-core installs on a
 * netty-socketio server through its pipeline-factory extension point: its own handlers for the
 * HTTP requests, the two transports, the packet framing and the heartbeat, in front of
 * netty-socketio's handshake, clients, namespaces, acks and stores, which stay as they are.
 *
 * <p>What it changes, against netty-socketio 2.0.14 and per the specifications and the official
 * test suite: bad requests get the Engine.IO error answers (HTTP 400 and a JSON code) and unknown
 * or malformed {@code sid}s no longer hang; the handshake announces {@code maxPayload}; no
 * namespace is connected before the client's CONNECT (so its {@code auth} payload is known to the
 * connect listeners); a close packet ends the session; an upgraded session refuses polling and a
 * second websocket; an unknown namespace is refused with {@code {"message"}}; malformed packets
 * close the connection instead of being misread; the session lives on after its last namespace
 * disconnects; binary attachments travel as Engine.IO v4 binary (websocket frames without the v3
 * prefix, {@code b<base64>} in polling) and arrive as {@code byte[]} where the JSON had
 * placeholders. Engine.IO v3 (Socket.IO v2 clients) is refused, as the reference server does by
 * default. Client misbehaviour is logged as one rate-limited line per cause ({@link ClientLog}).
 */
public final class ConformantEngine extends SocketIOChannelInitializer {

    static final String REQUESTS = "engineRequests";
    private static final String HANDSHAKE_BINDER = "engineHandshake";
    private static final String FALLBACK = "engineFallback";

    private final JsonSupport jsonOverride;
    private final Duration connectTimeout;

    final SharedScheduler scheduler = new SharedScheduler();
    final ConcurrentHashMap<UUID, EngineSession> sessions = new ConcurrentHashMap<>();
    final ClientsBox clientsBox = new ClientsBox();
    final IncomingPackets incoming = new IncomingPackets(this);
    final Polling polling = new Polling(this);
    final WebSockets webSockets = new WebSockets(this);

    Configuration configuration;
    NamespacesHub namespaces;
    JsonSupport json;
    AckManager ackManager;
    boolean secure;
    int maxPayload;
    long pingIntervalMillis;
    long pingTimeoutMillis;
    long connectTimeoutMillis;

    private volatile boolean started;
    private StoreFactory storeFactory;
    private AuthorizeHandler authorizeHandler;
    private SSLContext sslContext;
    private EngineRequests requests;
    private HandshakeBinder binder;
    private EngineEncoder encoder;
    private PacketWriter writer;
    private final EngineFallback fallback = new EngineFallback();

    private ConformantEngine(JsonSupport json, Duration connectTimeout) {
        this.jsonOverride = json;
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        UnusedTimers.stopOwnTimer(this);
    }

    /**
     * Makes {@code server} use this engine, unless it already does or has a pipeline factory of
     * its host's own (which is left alone). Call before the server starts: netty-socketio reads
     * its pipeline factory once, in {@code start()}.
     *
     * @param server         a netty-socketio server that has not started
     * @param json           the JSON support its configuration was given (not netty-socketio's
     *                       logging wrapper of it), or null to use the configured one as is
     * @param connectTimeout how long a new session may take to connect a namespace before it is closed
     * @return the engine the server uses, or null when it keeps a pipeline factory of its own
     */
    public static ConformantEngine install(SocketIOServer server, JsonSupport json, Duration connectTimeout) {
        SocketIOChannelInitializer current = UnusedTimers.currentFactory(server);
        if (current instanceof ConformantEngine existing) {
            return existing;
        }
        if (current != null && current.getClass() != SocketIOChannelInitializer.class) {
            return null;
        }
        ConformantEngine engine = new ConformantEngine(json, connectTimeout);
        if (current != null) {
            UnusedTimers.stopOwnTimer(current);
        }
        server.setPipelineFactory(engine);
        return engine;
    }

    /**
     * Whether the server has started with this engine (false when it was installed after the
     * server had already started, which then keeps netty-socketio's own Engine.IO layer).
     *
     * @return true once the server's start has set the engine up
     */
    public boolean started() {
        return started;
    }

    @Override
    public void start(Configuration configuration, NamespacesHub namespacesHub) {
        this.configuration = configuration;
        this.namespaces = namespacesHub;
        this.json = jsonOverride != null ? jsonOverride : configuration.getJsonSupport();
        this.ackManager = new AckManager(scheduler);
        this.secure = configuration.getKeyStore() != null;
        this.maxPayload = Math.min(configuration.getMaxHttpContentLength(), configuration.getMaxFramePayloadLength());
        this.pingIntervalMillis = configuration.getPingInterval();
        this.pingTimeoutMillis = configuration.getPingTimeout();
        this.connectTimeoutMillis = connectTimeout.toMillis();
        if (secure) {
            try {
                sslContext = sslContext(configuration);
            } catch (Exception e) {
                throw new IllegalStateException("cannot set up TLS from the configured key store", e);
            }
        }
        String path = configuration.getContext() + "/";
        storeFactory = configuration.getStoreFactory();
        authorizeHandler = new AuthorizeHandler(path, scheduler, configuration, namespacesHub, storeFactory, this,
                ackManager, clientsBox);
        storeFactory.init(namespacesHub, authorizeHandler, configuration.getJsonSupport());
        requests = new EngineRequests(this, path);
        binder = new HandshakeBinder(this);
        writer = new PacketWriter(json, maxPayload);
        encoder = new EngineEncoder(configuration, writer);
        started = true;
    }

    /**
     * Starts sending one event to many sockets of {@code namespace}, as {@code sendEvent(event,
     * argument)} would to each (see {@link EventFanOut}).
     *
     * @param namespace the namespace the sockets are in
     * @param event     the event's name
     * @param argument  its one argument, written as JSON once (binary attachments go through each
     *                  socket's queue)
     * @return the fan-out, or null before this engine has started (send each socket the event then)
     */
    public EventFanOut fanOut(Namespace namespace, String event, Object argument) {
        return started ? new EventFanOut(this, namespace, EventFanOut.eventPacket(namespace.getName(), event, argument))
                : null;
    }

    /** The packet's Engine.IO text, for every websocket alike; null when it has attachments or cannot be written. */
    ByteBuf writeOnce(Packet packet) {
        ByteBuf text;
        try {
            text = writer.write(packet, ByteBufAllocator.DEFAULT, configuration.isPreferDirectBuffer());
        } catch (IOException | RuntimeException e) {
            ClientLog.failed("writing a room event", e);
            return null;
        }
        if (!writer.attachments(packet).isEmpty()) {
            text.release();
            return null;   // binary: each socket gets it through its queue, attachments and all
        }
        return text;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        scheduler.update(ctx);
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (sslContext != null) {
            SSLEngine engine = sslContext.createSSLEngine();
            engine.setUseClientMode(false);
            if (configuration.isNeedClientAuth() && configuration.getTrustStore() != null) {
                engine.setNeedClientAuth(true);
            }
            pipeline.addLast(SSL_HANDLER, new SslHandler(engine));
        }
        pipeline.addLast(HTTP_REQUEST_DECODER, new HttpRequestDecoder(configuration.getHttpDecoderConfig()));
        pipeline.addLast(HTTP_AGGREGATOR, new HttpObjectAggregator(configuration.getMaxHttpContentLength()) {
            @Override
            protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
                return null;  // as netty-socketio: no "100 Continue"
            }
        });
        pipeline.addLast(HTTP_ENCODER, new HttpResponseEncoder());
        if (configuration.isHttpCompression()) {
            pipeline.addLast(HTTP_COMPRESSION, new HttpContentCompressor());
        }
        if (configuration.isWebsocketCompression()) {
            pipeline.addLast(WEB_SOCKET_TRANSPORT_COMPRESSION, new WebSocketServerCompressionHandler());
        }
        pipeline.addLast(REQUESTS, requests);
        pipeline.addLast(AUTHORIZE_HANDLER, authorizeHandler);
        pipeline.addLast(HANDSHAKE_BINDER, binder);
        pipeline.addLast(SOCKETIO_ENCODER, encoder);
        pipeline.addLast(FALLBACK, fallback);
    }

    /** A new session, after netty-socketio's handshake made its client. */
    EngineSession open(ClientHead head, EventLoop timers) {
        EngineSession session = new EngineSession(head, this, timers);
        sessions.put(head.getSessionId(), session);
        session.start();
        return session;
    }

    /**
     * netty-socketio calls this when a client's last namespace is gone. A client that sent the
     * DISCONNECT itself keeps its Engine.IO session (Socket.IO v5: the connection lives on and
     * can connect a namespace again); a client that netty-socketio ended loses it.
     */
    @Override
    public void onDisconnect(ClientHead client) {
        EngineSession session = sessions.get(client.getSessionId());
        if (session == null) {
            forget(client);
        } else if (!client.isConnected()) {
            session.close(false);
        }
    }

    /** What netty-socketio's own pipeline factory does for a client that is gone. */
    void forget(ClientHead client) {
        ackManager.onDisconnect(client);
        authorizeHandler.onDisconnect(client);
        storeFactory.onDisconnect(client);
        storeFactory.pubSubStore().publish(PubSubType.DISCONNECT, new DisconnectMessage(client.getSessionId()));
    }

    @Override
    public void stop() {
        if (storeFactory != null) {
            storeFactory.shutdown();
        }
        scheduler.shutdown();
    }

    private static SSLContext sslContext(Configuration configuration) throws Exception {
        javax.net.ssl.TrustManager[] trustManagers = null;
        if (configuration.getTrustStore() != null) {
            KeyStore trusted = KeyStore.getInstance(configuration.getTrustStoreFormat());
            trusted.load(configuration.getTrustStore(), configuration.getTrustStorePassword().toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            trustManagers = factory.getTrustManagers();
        }
        KeyStore keys = KeyStore.getInstance(configuration.getKeyStoreFormat());
        keys.load(configuration.getKeyStore(), configuration.getKeyStorePassword().toCharArray());
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(configuration.getKeyManagerFactoryAlgorithm());
        keyManagers.init(keys, configuration.getKeyStorePassword().toCharArray());
        SSLContext context = SSLContext.getInstance(configuration.getSSLProtocol());
        context.init(keyManagers.getKeyManagers(), trustManagers, null);
        return context;
    }
}
