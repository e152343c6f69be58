package io.integrationsrealtime.server;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.listener.DataListener;
import com.fasterxml.jackson.databind.JsonNode;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ErrorInfo;
import io.integrationsrealtime.protocol.ProtocolJson;
import io.integrationsrealtime.protocol.Request;
import io.integrationsrealtime.protocol.RequestRules;
import io.integrationsrealtime.server.observe.Refusal;
import io.integrationsrealtime.server.spi.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns one raw request event into an authenticated, rate-limited, validated {@link Call}, or
 * refuses it with a typed error. It runs on the netty event loop, so it only checks and parses;
 * flows hand anything slower to the backend executor.
 *
 * <p>Listeners are registered for {@link JsonNode} rather than the record type so that bad input
 * never fails inside netty-socketio's decoder and always gets a typed reply from here.
 */
final class RequestListener<T extends Request> implements DataListener<JsonNode> {

    private final ServerContext context;
    private final String event;
    private final Class<T> type;
    private final Consumer<Call<T>> flow;

    RequestListener(ServerContext context, String event, Class<T> type, Consumer<Call<T>> flow) {
        this.context = context;
        this.event = event;
        this.type = type;
        this.flow = flow;
    }

    @Override
    public void onData(SocketIOClient client, JsonNode data, AckRequest ack) {
        long start = context.observing ? System.nanoTime() : 0L;
        String claimedRequestId = claimedRequestId(data);
        context.gatekeeper.withPrincipal(client,
                (principal, session) -> admit(client, data, ack, principal, session, claimedRequestId, start),
                refusal -> refuse(client, ack, claimedRequestId, refusal, null, start));
    }

    private void admit(SocketIOClient client, JsonNode data, AckRequest ack, Principal principal, Session session,
                       String claimedRequestId, long start) {
        if (context.draining()) {
            refuse(client, ack, claimedRequestId, ErrorInfo.of(ErrorCode.UNAVAILABLE, "server is shutting down; reconnect"),
                    Refusal.SHUTTING_DOWN, start);
            return;
        }
        long waitNanos = session.takeRequestToken();
        if (waitNanos > 0) {
            refuse(client, ack, claimedRequestId, new ErrorInfo(ErrorCode.RATE_LIMITED, "too many requests on this connection",
                    true, Duration.ofNanos(waitNanos).plusMillis(1), null), Refusal.RATE_LIMITED, start);
            return;
        }
        T request;
        try {
            if (data == null || !data.isObject()) {
                throw new IllegalArgumentException("payload must be a JSON object");
            }
            String binary = binaryOutsideFreeForm(data);
            if (binary != null) {
                throw new IllegalArgumentException("field '" + binary + "' has the wrong type");
            }
            if (JsonSize.exceeds(data, context.limits.maxPayloadBytes())) {
                refuse(client, ack, claimedRequestId, ErrorInfo.of(ErrorCode.PAYLOAD_TOO_LARGE,
                        "payload larger than " + context.limits.maxPayloadBytes() + " bytes"), Refusal.PAYLOAD_TOO_LARGE, start);
                return;
            }
            request = ProtocolJson.read(data, type);
        } catch (IllegalArgumentException invalid) {
            refuse(client, ack, claimedRequestId, ErrorInfo.of(ErrorCode.INVALID_REQUEST, invalid.getMessage()), null, start);
            return;
        }
        String problem = RequestRules.check(request);
        if (problem != null) {
            refuse(client, ack, claimedRequestId, ErrorInfo.of(ErrorCode.INVALID_REQUEST, problem), null, start);
            return;
        }
        if (!session.startRequest()) {
            refuse(client, ack, claimedRequestId, ErrorInfo.of(ErrorCode.LIMIT_EXCEEDED, "more than "
                    + context.limits.maxInFlight() + " requests in flight on this connection"), Refusal.IN_FLIGHT_LIMIT, start);
            return;
        }
        String requestId = request.requestId() != null ? request.requestId() : Ids.random();
        Call<T> call = new Call<>(client, event, request, requestId, ack, principal, session, context.observer, start);
        try {
            flow.accept(call);
        } catch (RuntimeException e) {
            call.refuse(Failures.toError(e, event));
        }
    }

    /**
     * A top-level field that holds binary data although only {@code params} and
     * {@code requestData} are free-form (ids and names are strings: Jackson would read the bytes
     * as their base64 text), or null.
     */
    private static String binaryOutsideFreeForm(JsonNode data) {
        for (java.util.Iterator<Map.Entry<String, JsonNode>> fields = data.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isBinary()) {
                return field.getKey();
            }
        }
        return null;
    }

    /** Refuses a request that never became a call, and tells the observer (a refusal with a reason, if any). */
    private void refuse(SocketIOClient client, AckRequest ack, String requestId, ErrorInfo error, Refusal reason,
                        long start) {
        Call.refuse(client, ack, event, requestId, error);
        if (context.observing) {
            if (reason != null) {
                context.observer.refused(reason);
            }
            context.observer.requestAnswered(event, error.code(), System.nanoTime() - start);
        }
    }

    /** The payload's requestId if it is well-formed, so that even a refusal can be correlated. */
    static String claimedRequestId(JsonNode data) {
        JsonNode id = data == null ? null : data.get("requestId");
        if (id != null && id.isTextual() && RequestRules.isRequestId(id.textValue())) {
            return id.textValue();
        }
        return null;
    }
}
