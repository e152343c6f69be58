package io.integrationsrealtime.server;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.SocketIOClient;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ErrorInfo;
import io.integrationsrealtime.protocol.ErrorReply;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.Request;
import io.integrationsrealtime.server.observe.RunKind;
import io.integrationsrealtime.server.observe.RunObservation;
import io.integrationsrealtime.server.observe.ServerObserver;
import io.integrationsrealtime.server.spi.IntegrationRef;
import io.integrationsrealtime.server.spi.Principal;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One validated, authenticated request from one socket, and the one way to answer it: in the ack
 * when the client asked for one, otherwise as the caller event. The first answer counts; any later
 * one is dropped, so every request gets exactly one outcome. An observed call (the server has a
 * {@link ServerObserver}) also reports that outcome, and follows an execute or test as a
 * {@link RunObservation}.
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
    /** {@link ServerObserver#NONE} when the server is not observed; then nothing below is used. */
    private final ServerObserver observer;
    private final long startNanos;
    private volatile RunObservation run = RunObservation.NONE;

    Call(SocketIOClient client, String event, T request, String requestId, AckRequest ack,
         Principal principal, Session session, ServerObserver observer, long startNanos) {
        this.observer = observer;
        this.startNanos = startNanos;
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

    /** Sends the caller's result: in the ack if one was asked for, otherwise as {@code callerEvent}. */
    void reply(String callerEvent, Object payload) {
        reply(callerEvent, payload, null);
    }

    /**
     * Sends the caller's outcome.
     *
     * @param error null for a result, else the code of the failure the payload reports
     */
    void reply(String callerEvent, Object payload, ErrorCode error) {
        if (answered.compareAndSet(false, true)) {
            session.endRequest();
            reply(client, ack, callerEvent, payload);
            if (observer != ServerObserver.NONE) {
                observer.requestAnswered(event, error, System.nanoTime() - startNanos);
                run.ended(error);
            }
        }
    }

    /** Refuses the request (it did not run). */
    void refuse(ErrorInfo error) {
        reply(Events.ERROR, ErrorReply.of(requestId, event, error), error.code());
    }

    /** Whether the server is observed (the outcome codes of kept replies are only worked out then). */
    boolean observed() {
        return observer != ServerObserver.NONE;
    }

    /** Starts following this call as a run (execute or test), with the client's trace context. */
    void observeRun(RunKind kind, String endpoint) {
        if (observer != ServerObserver.NONE) {
            RunObservation started = observer.runStarted(kind, endpoint, Observing.traceparent(request),
                    Observing.tracestate(request));
            run = started != null ? started : RunObservation.NONE;
        }
    }

    /**
     * Right before the host's method: the trace headers for its outgoing calls, the observer's
     * (its backend span) or else the client's own; none when nothing is traced.
     */
    Map<String, String> backendStarting() {
        Map<String, String> headers = run.backendStarting();
        return headers != null && !headers.isEmpty() ? headers : Observing.incomingTraceHeaders(request);
    }

    /** Right after the host's method returned, on the same thread. */
    void backendReturned() {
        run.backendReturned();
    }

    /** The host's stage ended: null for a result, else the code the caller gets. */
    void backendEnded(ErrorCode error) {
        run.backendEnded(error);
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
