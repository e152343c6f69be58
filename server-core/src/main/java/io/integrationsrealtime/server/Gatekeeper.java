package io.integrationsrealtime.server;

import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.HandshakeData;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import com.corundumstudio.socketio.transport.NamespaceClient;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ErrorInfo;
import io.integrationsrealtime.server.observe.Refusal;
import io.integrationsrealtime.server.observe.ServerObserver;
import io.integrationsrealtime.server.spi.Authenticator;
import io.integrationsrealtime.server.spi.Credentials;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import io.integrationsrealtime.server.spi.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every socket before any of its requests reaches a flow, and closes the gaps of
 * netty-socketio 2.0.14: its token listener is skipped when a client sends no {@code auth}
 * payload, a client refused there stays registered in a custom namespace, and on the default
 * namespace connect listeners run at the transport handshake, before the CONNECT packet carrying
 * the payload. So: tokens are taken from the payload, a Bearer header or a query parameter; a
 * socket with none is refused on its first request or after {@link Limits#authTimeout()}; a
 * refused socket gets a {@code connect_error} {@code {message, code}} and is disconnected.
 *
 * <p>netty-socketio puts every transport in its default namespace {@code /} at the handshake. When
 * the server is attached to another namespace of a host that does not serve {@code /} itself,
 * the gatekeeper also {@link #guardDefaultNamespace guards} {@code /}: a transport that uses no
 * other namespace is closed after the auth timeout, as on a standalone server, instead of
 * idling there without a token for as long as it answers pings.
 */
final class Gatekeeper {

    private static final Logger log = LoggerFactory.getLogger(Gatekeeper.class);
    static final ErrorInfo NO_TOKEN = ErrorInfo.of(ErrorCode.UNAUTHENTICATED, "authentication required: send a token");
    static final ErrorInfo INVALID_TOKEN = ErrorInfo.of(ErrorCode.UNAUTHENTICATED, "invalid token");
    static final ErrorInfo EXPIRED_TOKEN = ErrorInfo.of(ErrorCode.UNAUTHENTICATED, "token expired: reconnect with a new one");

    private final SocketIONamespace namespace;
    private final Authenticator authenticator;
    private final boolean tokenRequired;
    private final Limits limits;
    private final ScheduledExecutorService timer;
    private final Map<UUID, Session> sessions = new ConcurrentHashMap<>();
    /** Whether the host's default namespace is left to this gatekeeper (see {@link #guardDefaultNamespace}). */
    private volatile boolean guardsDefault;
    private final ServerObserver observer;

    Gatekeeper(SocketIONamespace namespace, Authenticator authenticator, boolean tokenRequired, Limits limits,
               ScheduledExecutorService timer, ServerObserver observer) {
        this.namespace = namespace;
        this.observer = observer;
        this.authenticator = authenticator;
        this.tokenRequired = tokenRequired;
        this.limits = limits;
        this.timer = timer;
    }

    void register() {
        namespace.addAuthTokenListener(this::onAuthPayload);
        namespace.addConnectListener(this::onConnect);
        namespace.addDisconnectListener(client -> {
            sessions.remove(client.getSessionId());
            if (guardsDefault) {
                closeLaterIfIdle(client);   // a transport left with only "/" must not stay open
            }
        });
    }

    /**
     * Takes charge of the host's default namespace, which the host does not serve: a transport
     * that, once the auth timeout has passed, uses no namespace but {@code /} is closed, and a
     * socket refused here no longer keeps its transport open through {@code /}.
     */
    void guardDefaultNamespace(SocketIONamespace defaultNamespace) {
        guardsDefault = true;
        defaultNamespace.addConnectListener(this::closeLaterIfIdle);
    }

    private void closeLaterIfIdle(SocketIOClient client) {
        if (client instanceof NamespaceClient namespaced) {
            ClientHead transport = namespaced.getBaseClient();
            timer.schedule(() -> {
                if (transport.isChannelOpen() && transport.getNamespaces().stream()
                        .allMatch(other -> other.getName().equals(Namespace.DEFAULT_NAME))) {
                    transport.disconnect();
                }
            }, limits.authTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Sockets connected to the namespace, authenticated or not yet. */
    int connections() {
        return sessions.size();
    }

    Session session(SocketIOClient client) {
        return sessions.computeIfAbsent(client.getSessionId(), id -> new Session(limits));
    }

    /**
     * Runs on the event loop when a CONNECT packet arrives, before the client is connected: for
     * every CONNECT with the conformant engine (its {@code auth} payload, or an empty one), and
     * for those that carry a payload with netty-socketio's own engine.
     */
    private AuthTokenResult onAuthPayload(Object authData, SocketIOClient client) {
        Object token = authData instanceof Map<?, ?> map ? map.get("token") : null;
        Credentials credentials = token instanceof String text
                ? new Credentials(text, Credentials.Source.AUTH_PAYLOAD, client.getHandshakeData().getAddress())
                : handshakeCredentials(client);
        Session session = session(client);
        if (credentials.token() == null && tokenRequired) {
            if (session.authentication() != null && !session.authentication().isCompletedExceptionally()) {
                return AuthTokenResult.AuthTokenResultSuccess;  // a repeated CONNECT keeps its authentication
            }
            timer.schedule(() -> end(client), 1, TimeUnit.SECONDS);
            return new AuthTokenResult(false, connectError(NO_TOKEN));
        }
        CompletableFuture<Principal> result = authenticate(session, credentials);
        if (!result.isDone()) {
            // Accepted provisionally; requests wait for the answer, a refusal ends the socket.
            result.whenComplete((principal, failure) -> {
                if (failure != null) {
                    reject(client, refusal(failure));
                }
            });
            return AuthTokenResult.AuthTokenResultSuccess;
        }
        if (result.isCompletedExceptionally()) {
            ErrorInfo error = refusal(result);
            // netty-socketio keeps a refused client registered in a custom namespace: end it once the
            // connect_error it is about to send has gone out.
            timer.schedule(() -> end(client), 1, TimeUnit.SECONDS);
            observer.refused(Refusal.UNAUTHENTICATED);
            return new AuthTokenResult(false, connectError(error));
        }
        return AuthTokenResult.AuthTokenResultSuccess;
    }

    /** Runs on the event loop: at the transport handshake for the default namespace, else after CONNECT. */
    private void onConnect(SocketIOClient client) {
        Session session = session(client);
        if (session.authentication() != null) {
            return;  // the auth payload was already handled
        }
        Credentials credentials = handshakeCredentials(client);
        if (credentials.token() != null || !tokenRequired) {
            authenticate(session, credentials).whenComplete((principal, failure) -> {
                if (failure != null) {
                    reject(client, refusal(failure));
                }
            });
            return;
        }
        boolean payloadMayFollow = Namespace.DEFAULT_NAME.equals(namespace.getName())
                && EngineIOVersion.V4.equals(client.getEngineIOVersion());
        if (!payloadMayFollow) {
            reject(client, NO_TOKEN);
            return;
        }
        timer.schedule(() -> {
            if (session.authentication() == null && client.isChannelOpen()) {
                reject(client, NO_TOKEN);
            }
        }, limits.authTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Gives the socket's principal and session to {@code allowed} once it is authenticated (waiting
     * if that is still under way), or the reason to {@code refused} and ends the socket.
     */
    void withPrincipal(SocketIOClient client, BiConsumer<Principal, Session> allowed, Consumer<ErrorInfo> refused) {
        Session session = sessions.get(client.getSessionId());
        CompletableFuture<Principal> authentication = session == null ? null : session.authentication();
        if (authentication == null) {
            refused.accept(NO_TOKEN);
            reject(client, NO_TOKEN);
            return;
        }
        authentication.whenComplete((principal, failure) -> {
            if (failure != null) {
                refused.accept(refusal(failure));
            } else if (principal.expiredAt(Instant.now())) {
                refused.accept(EXPIRED_TOKEN);
                reject(client, EXPIRED_TOKEN);
            } else {
                allowed.accept(principal, session);
            }
        });
    }

    private CompletableFuture<Principal> authenticate(Session session, Credentials credentials) {
        CompletableFuture<Principal> result = new CompletableFuture<>();
        ServerContext.invoke(() -> authenticator.authenticate(credentials)).whenComplete((principal, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else if (principal == null) {
                result.completeExceptionally(new IntegrationFailure(INVALID_TOKEN));
            } else {
                result.complete(principal);
            }
        });
        session.authenticating(result);
        return result;
    }

    /** Sends a {@code connect_error} the JS and Java clients both understand, then disconnects. */
    void reject(SocketIOClient client, ErrorInfo error) {
        if (!client.isChannelOpen()) {
            return;
        }
        observer.refused(Refusal.UNAUTHENTICATED);
        Packet packet = new Packet(PacketType.MESSAGE, client.getEngineIOVersion());
        packet.setSubType(PacketType.ERROR);
        packet.setNsp(namespace.getName());
        packet.setData(connectError(error));
        client.send(packet);
        end(client);
    }

    /**
     * Disconnects the socket from the namespace and, unless the same transport also serves another
     * namespace of the host, closes the transport: netty-socketio's {@code disconnect()} only ends
     * the namespace, so a refused client could otherwise keep its Engine.IO connection (answering
     * pings) for as long as it likes.
     */
    private void end(SocketIOClient client) {
        client.disconnect();
        if (client instanceof NamespaceClient namespaced) {
            ClientHead transport = namespaced.getBaseClient();
            boolean onlyOurs = transport.getNamespaces().stream().allMatch(other -> other.getName().equals(namespace.getName())
                    || guardsDefault && other.getName().equals(Namespace.DEFAULT_NAME));
            if (onlyOurs && transport.isChannelOpen()) {
                transport.disconnect();
            }
        }
    }

    /** {@code {message, code, data: {code}}}: socket.io's JS client exposes {@code err.data}. */
    private static Map<String, Object> connectError(ErrorInfo error) {
        return Map.of("message", error.message(), "code", error.code().name(), "data", Map.of("code", error.code().name()));
    }

    private static ErrorInfo refusal(CompletableFuture<?> failed) {
        try {
            failed.join();
            return INVALID_TOKEN;
        } catch (RuntimeException e) {
            return refusal(e);
        }
    }

    private static ErrorInfo refusal(Throwable failure) {
        Throwable cause = Failures.unwrap(failure);
        if (cause instanceof IntegrationFailure known && known.error().code() == ErrorCode.UNAUTHENTICATED) {
            return known.error();
        }
        if (!(cause instanceof IntegrationFailure)) {
            log.warn("authenticator failed with {}", cause.getClass().getName());
            log.debug("authenticator failed", cause);
        }
        return INVALID_TOKEN;
    }

    private static Credentials handshakeCredentials(SocketIOClient client) {
        HandshakeData handshake = client.getHandshakeData();
        String header = handshake.getHttpHeaders().get("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() > 7) {
            return new Credentials(header.substring(7).trim(), Credentials.Source.AUTHORIZATION_HEADER, handshake.getAddress());
        }
        String query = handshake.getSingleUrlParam("token");
        if (query != null && !query.isEmpty()) {
            return new Credentials(query, Credentials.Source.QUERY_PARAMETER, handshake.getAddress());
        }
        return new Credentials(null, Credentials.Source.NONE, handshake.getAddress());
    }
}
