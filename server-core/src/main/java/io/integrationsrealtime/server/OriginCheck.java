package io.integrationsrealtime.server;

import com.corundumstudio.socketio.AuthorizationListener;
import com.corundumstudio.socketio.AuthorizationResult;
import com.corundumstudio.socketio.HandshakeData;
import io.integrationsrealtime.server.observe.Refusal;
import io.integrationsrealtime.server.observe.ServerObserver;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses handshakes from browser origins that are not explicitly allowed. netty-socketio itself
 * echoes any Origin with credentials on polling and checks none on websocket upgrades, so a page
 * on any site could otherwise talk to the server with the user's cookies.
 */
final class OriginCheck implements AuthorizationListener {

    private static final Logger log = LoggerFactory.getLogger(OriginCheck.class);

    private final Predicate<String> allowed;
    private final ServerObserver observer;

    OriginCheck(Predicate<String> allowed, ServerObserver observer) {
        this.allowed = allowed;
        this.observer = observer;
    }

    @Override
    public AuthorizationResult getAuthorizationResult(HandshakeData data) {
        String origin = data.getHttpHeaders().get("Origin");
        if (origin == null || allowed.test(origin)) {
            return AuthorizationResult.SUCCESSFUL_AUTHORIZATION;
        }
        observer.refused(Refusal.ORIGIN);
        log.warn("refused a handshake from origin {}: not in allowedOrigins", origin.length() > 100 ? origin.substring(0, 100) : origin);
        return AuthorizationResult.FAILED_AUTHORIZATION;
    }
}
