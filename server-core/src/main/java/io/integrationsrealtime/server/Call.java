package io.integrationsrealtime.server;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.SocketIOClient;
import io.integrationsrealtime.protocol.ErrorInfo;
import io.integrationsrealtime.protocol.ErrorReply;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.Request;
import io.integrationsrealtime.server.spi.IntegrationRef;
import io.integrationsrealtime.server.spi.Principal;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One validated, authenticated request from one socket, and the one way to answer it: in the ack
 * when the client asked for one, otherwise as the caller event. The first answer counts; any later
 * one is dropped, so every request gets exactly one outcome.
 */
final class Call<T extends Request> {

    private final SocketIOClient client;
    private final String event;
    private final T request;
    private final String requestId;
    private final AckRequest ack;
    private final Principal principal;
    private final Session session;
    private final AtomicBoolean answered = new AtomicBoolean();

    Call(SocketIOClient client, String event, T request, String requestId, AckRequest ack,
         Principal principal, Session session) {
        this.client = client;
        this.event = event;
        this.request = request;
        this.requestId = requestId;
        this.ack = ack;
        this.principal = principal;
        this.session = session;
    }

    SocketIOClient client() {
        return client;
    }

    /** The caller's socket id as text (what a cluster's room events name the excluded socket by). */
    String socketId() {
        return session.socketId(client.getSessionId());
    }

    T request() {
        return request;
    }

    /** The client's requestId, or one the server made up when the request had none. */
    String requestId() {
        return requestId;
    }

    String integrationId() {
        return request.integrationId();
    }

    Principal principal() {
        return principal;
    }

    IntegrationRef ref() {
        return new IntegrationRef(request.projectId(), request.integrationId());
    }

    /** Sends the caller's outcome: in the ack if one was asked for, otherwise as {@code callerEvent}. */
    void reply(String callerEvent, Object payload) {
        if (answered.compareAndSet(false, true)) {
            session.endRequest();
            reply(client, ack, callerEvent, payload);
        }
    }

    /** Refuses the request (it did not run). */
    void refuse(ErrorInfo error) {
        reply(Events.ERROR, ErrorReply.of(requestId, event, error));
    }

    static void reply(SocketIOClient client, AckRequest ack, String callerEvent, Object payload) {
        if (ack.isAckRequested()) {
            ack.sendAckData(payload);
        } else {
            client.sendEvent(callerEvent, payload);
        }
    }

    /** Refuses a request that never became a call (unauthenticated, invalid, over a limit). */
    static void refuse(SocketIOClient client, AckRequest ack, String event, String requestId, ErrorInfo error) {
        reply(client, ack, Events.ERROR, ErrorReply.of(requestId, event, error));
    }
}
