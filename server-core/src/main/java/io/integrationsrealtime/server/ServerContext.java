package io.integrationsrealtime.server;

import com.corundumstudio.socketio.SocketIONamespace;
import com.fasterxml.jackson.databind.JsonNode;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ErrorInfo;
import io.integrationsrealtime.protocol.Request;
import io.integrationsrealtime.server.spi.Authorizer;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.integrationsrealtime.server.spi.IntegrationFailure;
import io.integrationsrealtime.server.store.IdempotencyStore;
import io.integrationsrealtime.server.cluster.RoomEventBus;
import io.integrationsrealtime.server.observe.Refusal;
import io.integrationsrealtime.server.observe.RoomKind;
import io.integrationsrealtime.server.observe.ServerObserver;
import io.integrationsrealtime.server.observe.ServerState;
import io.integrationsrealtime.server.observe.ServerView;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every flow shares: the namespace it answers on, the host's backend and authorizer, the
 * gatekeeper and limits, the executor that keeps host code off netty's event loops, and the
 * observer with the state it reads.
 */
final class ServerContext implements ServerView {

    static final ErrorInfo FORBIDDEN = ErrorInfo.of(ErrorCode.FORBIDDEN, "not allowed to use this integration");

    final SocketIONamespace namespace;
    final IntegrationBackend backend;
    final Gatekeeper gatekeeper;
    final Limits limits;
    final RoomEvents roomEvents;
    final IdempotencyStore idempotency;
    private final Authorizer authorizer;
    private final Executor executor;
    /** Whether checks and host calls run on the event loop that read the request (host code that never blocks). */
    private final boolean inline;
    private final ScheduledExecutorService timer;
    private final Duration deadline;
    private final AtomicInteger running = new AtomicInteger();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean draining;
    /** {@link ServerObserver#NONE} unless the host set one; {@link #observing} says which, for the hot path. */
    final ServerObserver observer;
    final boolean observing;
    private volatile ServerState state = ServerState.STARTING;
    private volatile boolean backplaneAvailable = true;

    ServerContext(SocketIONamespace namespace, IntegrationBackend backend, Authorizer authorizer,
                  Gatekeeper gatekeeper, Limits limits, Executor executor, boolean inline, ScheduledExecutorService timer,
                  Duration deadline, RoomEventBus eventBus, IdempotencyStore idempotency, ServerObserver observer) {
        this.observer = observer;
        this.observing = observer != ServerObserver.NONE;
        this.namespace = namespace;
        this.backend = backend;
        this.authorizer = authorizer;
        this.gatekeeper = gatekeeper;
        this.limits = limits;
        this.executor = executor;
        this.inline = inline;
        this.timer = timer;
        this.deadline = deadline;
        this.roomEvents = new RoomEvents(namespace, eventBus, this::backplaneAvailabilityChanged);
        this.idempotency = idempotency;
    }

    /** Whether the server is shutting down: new requests are refused with UNAVAILABLE. */
    boolean draining() {
        return draining;
    }

    /** Stops taking requests; the future completes when no execution is running any more. */
    CompletableFuture<Void> drain() {
        draining = true;
        moveTo(ServerState.DRAINING);
        if (running.get() == 0) {
            drained.complete(null);
        }
        return drained;
    }

    /** Moves the state forward (never back: a closed server stays STOPPED) and tells the observer. */
    synchronized void moveTo(ServerState next) {
        if (next.compareTo(state) > 0) {
            state = next;
            if (observing) {
                observer.stateChanged(next);
            }
        }
    }

    /** Once, when the server is built: the observer gets its view, then the state the server starts in. */
    void attachObserver(boolean serving) {
        if (observing) {
            observer.attached(this);
            observer.stateChanged(state);
        }
        if (serving) {
            moveTo(ServerState.SERVING);
        }
    }

    private void backplaneAvailabilityChanged(boolean available) {
        if (backplaneAvailable != available) {
            backplaneAvailable = available;
            if (observing) {
                observer.backplaneAvailabilityChanged(available);
            }
        }
    }

    void refused(Refusal reason) {
        if (observing) {
            observer.refused(reason);
        }
    }

    void replayed(RoomKind room, Integer events, Boolean gap) {
        if (observing && events != null) {
            observer.replayed(room, events, Boolean.TRUE.equals(gap));
        }
    }

    @Override
    public ServerState state() {
        return state;
    }

    @Override
    public boolean backplaneAvailable() {
        return backplaneAvailable;
    }

    @Override
    public int connections() {
        return gatekeeper.connections();
    }

    @Override
    public int roomMemberships() {
        return Observing.roomMemberships(namespace);
    }

    @Override
    public int runsInFlight() {
        return running.get();
    }

    void runStarted() {
        running.incrementAndGet();
    }

    void runEnded() {
        if (running.decrementAndGet() == 0 && draining) {
            drained.complete(null);
        }
    }

    /**
     * The stage's outcome, or a TIMEOUT failure once the backend deadline has passed; whichever
     * comes first wins and the other is dropped.
     */
    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> withDeadline(CompletionStage<T> stage, String what) {
        return withDeadline(stage, () -> what);
    }

    /** The same, with the description made only when the deadline passes. */
    <T> CompletableFuture<T> withDeadline(CompletionStage<T> stage, Supplier<String> what) {
        // Already answered (the common case for in-memory stores and fast backends): no copy, no
        // timer. Callers only read the result, so the host's own future can be returned; only a
        // plain CompletableFuture, since subclasses such as completedStage()'s refuse join().
        if (stage.getClass() == CompletableFuture.class && ((CompletableFuture<T>) stage).isDone()) {
            return (CompletableFuture<T>) stage;
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        });
        if (!result.isDone()) {
            ScheduledFuture<?> timeout = timer.schedule(() -> result.completeExceptionally(new IntegrationFailure(
                    ErrorCode.TIMEOUT, what.get() + " did not finish within " + deadline.toMillis() + " ms")),
                    deadline.toMillis(), TimeUnit.MILLISECONDS);
            result.whenComplete((value, failure) -> timeout.cancel(false));
        }
        return result;
    }

    /** Registers {@code flow} for a request event; it receives only authenticated, validated calls. */
    <T extends Request> void listen(String event, Class<T> type, Consumer<Call<T>> flow) {
        namespace.addEventListener(event, JsonNode.class, new RequestListener<>(this, event, type, flow));
    }

    /**
     * On the backend executor (or here, when host code never blocks): asks the authorizer whether the caller may use the integration,
     * then the backend whether it exists in the project, then runs {@code continuation};
     * otherwise refuses with FORBIDDEN or NOT_FOUND. One executor hop when both answer
     * synchronously.
     */
    void ifPermitted(Call<?> call, Runnable continuation) {
        submit(call, () -> continueWith(call, "authorization", () -> authorizer.mayAccess(call.principal(), call.ref()),
                allowed -> {
                    if (!Boolean.TRUE.equals(allowed)) {
                        refused(Refusal.FORBIDDEN);
                        call.refuse(FORBIDDEN);
                        return;
                    }
                    continueWith(call, "existence check", () -> backend.exists(call.ref()), exists -> {
                        if (Boolean.TRUE.equals(exists)) {
                            continuation.run();
                        } else {
                            call.refuse(Failures.NOT_FOUND);
                        }
                    });
                }));
    }

    /**
     * Calls host code (or a store, such as a cluster's Redis), then {@code next} with its answer:
     * right here when the answer is already there, otherwise on the executor when it arrives
     * (never on the answering thread, which may be another library's event loop). A failure, or
     * no answer within the backend deadline, refuses the call.
     */
    <T> void continueWith(Call<?> call, String what, Supplier<? extends CompletionStage<T>> hostCall,
                          Consumer<T> next) {
        CompletableFuture<T> answer = withDeadline(invoke(hostCall), what);
        if (answer.isDone()) {
            decide(call, what, answer, next);
        } else {
            answer.whenCompleteAsync((value, failure) -> decide(call, what, answer, next), executor);
        }
    }

    private static <T> void decide(Call<?> call, String what, CompletableFuture<T> answer, Consumer<T> next) {
        T value;
        try {
            value = answer.join();
        } catch (RuntimeException e) {
            call.refuse(Failures.toError(e, what));
            return;
        }
        next.accept(value);
    }

    private void submit(Call<?> call, Runnable task) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                call.refuse(Failures.toError(e, "request handling"));
            }
        };
        if (inline) {
            guarded.run();
            return;
        }
        try {
            executor.execute(guarded);
        } catch (RejectedExecutionException e) {
            call.refuse(Failures.INTERNAL);
        }
    }

    /**
     * Calls host code here and now, turning a thrown exception or a {@code null} stage into a
     * failed stage, so that callers handle one failure path.
     */
    static <R> CompletionStage<R> invoke(Supplier<? extends CompletionStage<R>> hostCall) {
        try {
            CompletionStage<R> stage = hostCall.get();
            return stage != null ? stage
                    : CompletableFuture.failedFuture(new IllegalStateException("host returned a null stage"));
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
