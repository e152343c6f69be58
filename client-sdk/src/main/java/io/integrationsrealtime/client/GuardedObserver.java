package io.integrationsrealtime.client;

import io.integrationsrealtime.client.internal.ClientLogger;
import io.integrationsrealtime.client.internal.ClientLogger.Level;
import io.integrationsrealtime.protocol.ErrorCode;

/**
 * The application's {@link ClientObserver}, with what it throws logged and ignored: an observer's
 * bug must never fail a request or stop the client's events.
 */
final class GuardedObserver implements ClientObserver {

    private static final ClientLogger LOG = ClientLogger.of(GuardedObserver.class);

    private final ClientObserver observer;

    private GuardedObserver(ClientObserver observer) {
        this.observer = observer;
    }

    /** {@link ClientObserver#NONE} stays itself, so that the client can tell it is not observed. */
    static ClientObserver of(ClientObserver observer) {
        return observer == null || observer == NONE ? NONE : new GuardedObserver(observer);
    }

    private static void failed(RuntimeException e) {
        LOG.log(Level.WARNING, "observer failed with " + e.getClass().getName());
    }

    @Override
    public RequestObservation requestStarted(String event, String endpoint) {
        try {
            RequestObservation started = observer.requestStarted(event, endpoint);
            return started == null || started == RequestObservation.NONE ? RequestObservation.NONE : new Guarded(started);
        } catch (RuntimeException e) {
            failed(e);
            return RequestObservation.NONE;
        }
    }

    @Override
    public void connectionStateChanged(ConnectionState state, boolean reconnected) {
        try {
            observer.connectionStateChanged(state, reconnected);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void gapDetected(String event) {
        try {
            observer.gapDetected(event);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** A request's observation, guarded the same way. */
    private static final class Guarded implements RequestObservation {
        private final RequestObservation observation;

        private Guarded(RequestObservation observation) {
            this.observation = observation;
        }

        @Override
        public String traceparent() {
            try {
                return observation.traceparent();
            } catch (RuntimeException e) {
                failed(e);
                return null;
            }
        }

        @Override
        public String tracestate() {
            try {
                return observation.tracestate();
            } catch (RuntimeException e) {
                failed(e);
                return null;
            }
        }

        @Override
        public void ended(ErrorCode error) {
            try {
                observation.ended(error);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }
}
