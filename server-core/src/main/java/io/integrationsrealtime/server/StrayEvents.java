package io.integrationsrealtime.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ErrorInfo;

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

    void register() {
        context.namespace.addEventListener(SafeJsonSupport.UNKNOWN_EVENT, JsonNode.class, (client, name, ack) ->
                context.gatekeeper.withPrincipal(client,
                        (principal, session) -> Call.refuse(client, ack, name == null ? "" : name.asText(), null,
                                ErrorInfo.of(ErrorCode.UNKNOWN_EVENT, "unknown event; see docs/protocol.md for the catalog")),
                        refusal -> Call.refuse(client, ack, name == null ? "" : name.asText(), null, refusal)));
        context.namespace.addEventListener(SafeJsonSupport.INVALID_EVENT, JsonNode.class, (client, nothing, ack) ->
                context.gatekeeper.withPrincipal(client,
                        (principal, session) -> Call.refuse(client, ack, null, null,
                                ErrorInfo.of(ErrorCode.INVALID_REQUEST, "malformed JSON payload")),
                        refusal -> Call.refuse(client, ack, null, null, refusal)));
    }
}
