package io.integrationsrealtime.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ErrorInfo;
import java.time.Duration;

/**
 * Answers what {@link SafeJsonSupport} turned into internal events: payloads that are not JSON
 * ({@code INVALID_REQUEST}) and events that are not part of the protocol ({@code UNKNOWN_EVENT}).
 * Unauthenticated sockets get {@code UNAUTHENTICATED} instead, like for any other event.
 */
final class StrayEvents {

    private final ServerContext context;

    StrayEvents(ServerContext context) {
        this.context = context;
    }

    /**
     * Stray events count against the connection's request rate like requests do; otherwise a
     * client could make the server answer them as fast as it can send.
     */
    private static ErrorInfo limited(Session session, ErrorInfo answer) {
        long waitNanos = session.takeRequestToken();
        if (waitNanos > 0) {
            return new ErrorInfo(ErrorCode.RATE_LIMITED, "too many requests on this connection", true,
                    Duration.ofNanos(waitNanos).plusMillis(1), null);
        }
        return answer;
    }

    void register() {
        context.namespace.addEventListener(SafeJsonSupport.UNKNOWN_EVENT, JsonNode.class, (client, name, ack) ->
                context.gatekeeper.withPrincipal(client,
                        (principal, session) -> Call.refuse(client, ack, name == null ? "" : name.asText(), null,
                                limited(session, ErrorInfo.of(ErrorCode.UNKNOWN_EVENT, "unknown event; see docs/protocol.md for the catalog"))),
                        refusal -> Call.refuse(client, ack, name == null ? "" : name.asText(), null, refusal)));
        context.namespace.addEventListener(SafeJsonSupport.INVALID_EVENT, JsonNode.class, (client, reason, ack) ->
                context.gatekeeper.withPrincipal(client,
                        (principal, session) -> Call.refuse(client, ack, null, null,
                                limited(session, ErrorInfo.of(ErrorCode.INVALID_REQUEST,
                                        reason != null && reason.isTextual() ? reason.textValue() : "malformed JSON payload"))),
                        refusal -> Call.refuse(client, ack, null, null, refusal)));
    }
}
