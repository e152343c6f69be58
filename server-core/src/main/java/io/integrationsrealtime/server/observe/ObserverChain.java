package io.integrationsrealtime.server.observe;

import io.integrationsrealtime.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ServerObserver#of}: tells each observer in turn and keeps one observer's exception from
 * reaching the server or the others (logged at WARN by type, as host code is elsewhere).
 */
final class ObserverChain implements ServerObserver {

    private static final Logger LOG = LoggerFactory.getLogger(ServerObserver.class);

    private final List<ServerObserver> observers;

    ObserverChain(List<ServerObserver> observers) {
        observers.forEach(Objects::requireNonNull);
        this.observers = observers;
    }

    private void each(Consumer<ServerObserver> call) {
        for (ServerObserver observer : observers) {
            guarded(observer, call);
        }
    }

    static <T> void guarded(T observer, Consumer<T> call) {
        try {
            call.accept(observer);
        } catch (RuntimeException e) {
            failed(observer, e);
        }
    }

    private static void failed(Object observer, RuntimeException e) {
        LOG.warn("observer {} failed with {}", observer.getClass().getName(), e.getClass().getName());
        LOG.debug("observer failed", e);
    }

    @Override
    public void attached(ServerView server) {
        each(o -> o.attached(server));
    }

    @Override
    public void stateChanged(ServerState state) {
        each(o -> o.stateChanged(state));
    }

    @Override
    public void requestAnswered(String event, ErrorCode error, long durationNanos) {
        for (ServerObserver observer : observers) {
            try {
                observer.requestAnswered(event, error, durationNanos);
            } catch (RuntimeException e) {
                failed(observer, e);
            }
        }
    }

    @Override
    public void refused(Refusal reason) {
        each(o -> o.refused(reason));
    }

    @Override
    public RunObservation runStarted(RunKind kind, String endpoint, String traceparent, String tracestate) {
        List<RunObservation> runs = new ArrayList<>(observers.size());
        for (ServerObserver observer : observers) {
            try {
                RunObservation run = observer.runStarted(kind, endpoint, traceparent, tracestate);
                if (run != null && run != RunObservation.NONE) {
                    runs.add(run);
                }
            } catch (RuntimeException e) {
                failed(observer, e);
            }
        }
        return runs.isEmpty() ? RunObservation.NONE : new Runs(runs);
    }

    @Override
    public void replayed(RoomKind room, int events, boolean gap) {
        each(o -> o.replayed(room, events, gap));
    }

    @Override
    public void webhookMirrored(ErrorCode error) {
        each(o -> o.webhookMirrored(error));
    }

    @Override
    public void backplaneAvailabilityChanged(boolean available) {
        each(o -> o.backplaneAvailabilityChanged(available));
    }

    /** The runs of several observers as one. */
    private record Runs(List<RunObservation> runs) implements RunObservation {

        @Override
        public Map<String, String> backendStarting() {
            Map<String, String> headers = Map.of();
            for (RunObservation run : runs) {
                try {
                    Map<String, String> own = run.backendStarting();
                    if (headers.isEmpty() && own != null) {
                        headers = own;
                    }
                } catch (RuntimeException e) {
                    failed(run, e);
                }
            }
            return headers;
        }

        @Override
        public void backendReturned() {
            runs.forEach(run -> guarded(run, RunObservation::backendReturned));
        }

        @Override
        public void backendEnded(ErrorCode error) {
            runs.forEach(run -> guarded(run, r -> r.backendEnded(error)));
        }

        @Override
        public void ended(ErrorCode error) {
            runs.forEach(run -> guarded(run, r -> r.ended(error)));
        }
    }
}
