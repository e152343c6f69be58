package io.integrationsrealtime.server;

import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.namespace.Namespace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ExecutionFailed;
import io.integrationsrealtime.protocol.ProtocolJson;
import io.integrationsrealtime.protocol.Request;
import io.integrationsrealtime.protocol.RequestRules;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import java.util.Map;

/**
 * What the server works out only for a {@link io.integrationsrealtime.server.observe.ServerObserver}
 * (or for a host's trace headers): kept out of the flows so that they stay readable and nothing
 * here runs when nobody observes.
 */
final class Observing {

    private Observing() {
    }

    /** The client's trace context when it is well-formed: the {@code traceparent}, else null. */
    static String traceparent(Request request) {
        String traceparent = request.traceparent();
        return RequestRules.isTraceparent(traceparent) ? traceparent : null;
    }

    /** The {@code tracestate}, only with a well-formed {@code traceparent}, and only when it is itself well-formed. */
    static String tracestate(Request request) {
        String tracestate = request.tracestate();
        return traceparent(request) != null && RequestRules.isTracestate(tracestate) ? tracestate : null;
    }

    /** The client's own trace context as headers for the host's calls (none when it sent none). */
    static Map<String, String> incomingTraceHeaders(Request request) {
        String traceparent = traceparent(request);
        if (traceparent == null) {
            return Map.of();
        }
        String tracestate = tracestate(request);
        return tracestate == null || tracestate.isEmpty() ? Map.of("traceparent", traceparent)
                : Map.of("traceparent", traceparent, "tracestate", tracestate);
    }

    /** The code a failure reaches the client with, without logging (Failures.toError logs once already). */
    static ErrorCode codeOf(Throwable failure) {
        return Failures.unwrap(failure) instanceof IntegrationFailure known ? known.error().code() : ErrorCode.INTERNAL;
    }

    /**
     * The error code of an outcome kept by the idempotency store, which may come back as the record,
     * as a JSON tree or as the JSON text written once for the ack.
     */
    static ErrorCode codeOfKept(Object payload) {
        try {
            if (payload instanceof ExecutionFailed failed) {
                return failed.error().code();
            }
            JsonNode tree = payload instanceof JsonNode node ? node
                    : payload instanceof RawValue raw ? ProtocolJson.mapper().readTree(String.valueOf(raw.rawValue()))
                    : ProtocolJson.tree(payload);
            return ErrorCode.fromWire(tree.path("error").path("code").asText(null));
        } catch (Exception unreadable) {
            return ErrorCode.UNKNOWN;
        }
    }

    /** Sockets in the protocol's rooms on this node, counted by walking the rooms (for gauges, not per request). */
    static int roomMemberships(SocketIONamespace namespace) {
        if (!(namespace instanceof Namespace own)) {
            return 0;
        }
        int members = 0;
        for (String room : own.getRooms()) {
            if (room.startsWith(RoomKeys.PREFIX)) {
                for (Object ignored : own.getRoomClients(room)) {
                    members++;
                }
            }
        }
        return members;
    }
}
