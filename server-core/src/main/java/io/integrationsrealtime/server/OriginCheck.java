package io.integrationsrealtime.server;

import com.corundumstudio.socketio.AuthorizationListener;
import com.corundumstudio.socketio.AuthorizationResult;
import com.corundumstudio.socketio.HandshakeData;
import io.integrationsrealtime.server.observe.Refusal;
import io.integrationsrealtime.server.observe.ServerObserver;
import java.util.function.Predicate;
import java.util.function.Supplier;
import io.integrationsrealtime.server.internal.engine.ClientLog;

/**
 * Refuses handshakes from browser origins that are not explicitly allowed. netty-socketio itself
 * echoes any Origin with credentials on polling and checks none on websocket upgrades, so a page
 * on any site could otherwise talk to the server with the user's cookies. A handshake the check
 * lets through goes on to the host's own listener, if an attached host has one.
 */
final class OriginCheck implements AuthorizationListener {

    private final Predicate<String> allowed;
    private final AuthorizationListener next;
    /** The server's observer, asked for at each refusal: a host may add observers after applying the settings. */
    private final Supplier<ServerObserver> observer;

    OriginCheck(Predicate<String> allowed, AuthorizationListener next, Supplier<ServerObserver> observer) {
        this.allowed = allowed;
        // Applied twice (a host calling applySecureDefaults again): check once, with the latest rule.
        this.next = next instanceof OriginCheck earlier ? earlier.next : next;
        this.observer = observer;
    }

    @Override
    public AuthorizationResult getAuthorizationResult(HandshakeData data) {
        String origin = data.getHttpHeaders().get("Origin");
        if (origin == null || allowed.test(origin)) {
            return next == null ? AuthorizationResult.SUCCESSFUL_AUTHORIZATION : next.getAuthorizationResult(data);
        }
        // The origin itself is the client's text: not logged (ClientLog: one rate-limited line per cause).
        ClientLog.refused("handshake from an Origin not in allowedOrigins (HTTP 401)");
        observer.get().refused(Refusal.ORIGIN);
        return AuthorizationResult.FAILED_AUTHORIZATION;
    }
}
