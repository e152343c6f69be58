package io.integrationsrealtime.server;

import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.namespace.Namespace;
import java.util.ArrayList;
import java.util.List;
import io.integrationsrealtime.server.observe.ServerObserver;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The netty-socketio settings this library relies on, in one place: set on every standalone
 * server, applied to a host's configuration on request, and checked before attaching to a host.
 */
final class SecureSettings {

    private SecureSettings() {
    }

    static void apply(Configuration configuration, Limits limits, Predicate<String> originAllowed,
                      Supplier<ServerObserver> observer) {
        // Outcomes are acknowledged when the backend completes; other modes drop late acks.
        configuration.setAckMode(AckMode.MANUAL);
        // Measured: permessage-deflate costs ~3x CPU per round trip and ~7x RSS per idle connection.
        configuration.setWebsocketCompression(false);
        configuration.setHttpCompression(false);
        // A client-chosen session id would allow session fixation.
        configuration.setRandomSession(true);
        configuration.setAddVersionHeader(false);
        // Requests over maxPayloadBytes get PAYLOAD_TOO_LARGE; only far larger frames drop the connection.
        configuration.setMaxFramePayloadLength(limits.maxPayloadBytes() * 16);
        configuration.setMaxHttpContentLength(limits.maxPayloadBytes() * 16);
        configuration.setAuthorizationListener(new OriginCheck(originAllowed, configuration.getAuthorizationListener(), observer));
        // Bad frames and packets: one WARN line each instead of ERROR with the client's bytes and a stack trace.
        configuration.setExceptionListener(new SafeExceptionListener());
        // Bad and unknown events answered with typed errors, and their payloads not logged.
        configuration.setJsonSupport(new SafeJsonSupport());
    }

    /** What a host's server lacks of {@link #apply}, as reasons safe to show; empty when nothing. */
    static List<String> missing(SocketIOServer host) {
        Configuration configuration = host.getConfiguration();
        List<String> missing = new ArrayList<>();
        if (configuration.getAckMode() != AckMode.MANUAL) {
            missing.add("ackMode is not AckMode.MANUAL (outcomes are acknowledged after the backend completes, "
                    + "and other modes drop late acks)");
        }
        if (!configuration.isRandomSession()) {
            missing.add("randomSession is off (a client could choose its own session id: session fixation)");
        }
        if (configuration.isAddVersionHeader()) {
            missing.add("addVersionHeader is on (the server advertises its version)");
        }
        if (!(configuration.getExceptionListener() instanceof SafeExceptionListener)) {
            missing.add("the exceptionListener is not a SafeExceptionListener (bad frames are logged at ERROR "
                    + "with the client's bytes and a stack trace)");
        }
        if (!SafeJsonSupport.isUsedBy(host.getNamespace(Namespace.DEFAULT_NAME))) {
            missing.add("the jsonSupport is not a SafeJsonSupport (malformed and unknown events go unanswered, "
                    + "and undecodable payloads, tokens included, are logged at ERROR)");
        }
        return missing;
    }
}
