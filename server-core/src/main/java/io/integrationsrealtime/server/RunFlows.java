package io.integrationsrealtime.server;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ErrorInfo;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.ExecuteRequest;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.ExecutionFailed;
import io.integrationsrealtime.protocol.ExecutionResult;
import io.integrationsrealtime.protocol.ExecutionStarted;
import io.integrationsrealtime.protocol.TestRequest;
import io.integrationsrealtime.protocol.Timestamps;
import io.integrationsrealtime.server.observe.RunKind;
import io.integrationsrealtime.server.spi.EndpointCall;
import io.integrationsrealtime.server.store.IdempotencyStore.Outcome;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Execute and test: both run something on the host and tell the room. The caller gets the full
 * outcome (ack or caller event); the others in the room get started, then a summary or the
 * failure without details. Every run ends exactly once: with the host's answer, or with TIMEOUT
 * at the backend deadline (a later answer is dropped). An execute repeated with the same
 * requestId by the same principal returns the first outcome without running again.
 */
final class RunFlows {

    /** The events of one kind of run, and whether the caller also sees its own "started". */
    private record Kind(String started, String completed, String failed, boolean startedToCaller) {
    }

    private static final Kind EXECUTION = new Kind(
            Events.EXECUTION_STARTED, Events.EXECUTION_COMPLETED, Events.EXECUTION_FAILED, false);
    private static final Kind TEST = new Kind(
            Events.TEST_STARTED, Events.TEST_COMPLETED, Events.TEST_FAILED, true);

    /** The error of a run announced interrupted by another node of a cluster (this one died first). */
    private static final ErrorInfo INTERRUPTED = ErrorInfo.of(ErrorCode.INTERRUPTED,
            "the server running this request stopped before it finished; the outcome is unknown");

    /** The host's side of a run, given the run's executionId and the trace headers for the host's own calls. */
    @FunctionalInterface
    private interface HostCall {
        CompletionStage<Map<String, Object>> start(String executionId, Map<String, String> traceHeaders);
    }

    private final ServerContext context;

    RunFlows(ServerContext context) {
        this.context = context;
    }

    void register() {
        context.listen(Events.EXECUTE, ExecuteRequest.class, this::execute);
        context.listen(Events.TEST, TestRequest.class, this::test);
    }

    private void execute(Call<ExecuteRequest> call) {
        ExecuteRequest request = call.request();
        call.observeRun(RunKind.EXECUTE, request.endpoint());
        context.ifPermitted(call, () -> {
            String key = request.requestId() == null ? null : idempotencyKey(call);
            HostCall hostCall = (executionId, trace) ->
                    context.backend.execute(new EndpointCall(call.ref(), request.endpoint(), request.params(),
                            request.requestData(), call.requestId(), executionId, call.principal(), trace));
            if (key == null) {
                run(call, EXECUTION, request.endpoint(), null, hostCall);
                return;
            }
            long fingerprint = RequestFingerprint.of(request.endpoint(), request.params(), request.requestData());
            context.continueWith(call, "idempotency store", () -> context.idempotency.claimAsync(key, fingerprint), first -> {
                if (first == null) {
                    run(call, EXECUTION, request.endpoint(), key, hostCall);
                    return;
                }
                first.whenComplete((outcome, failure) -> {
                    if (outcome != null) {
                        call.reply(outcome.event(), BinaryPayloads.restore(outcome.payload()),
                                !call.observed() || outcome.event().equals(EXECUTION.completed()) ? null
                                        : Observing.codeOfKept(outcome.payload()));
                    } else {
                        call.refuse(Failures.toError(failure, "idempotent retry"));
                    }
                });
            });
        });
    }

    private void test(Call<TestRequest> call) {
        call.observeRun(RunKind.TEST, TestRequest.HEALTH_CHECK);
        context.ifPermitted(call, () -> run(call, TEST, TestRequest.HEALTH_CHECK, null,
                (executionId, trace) -> context.backend.healthCheck(call.ref())));
    }

    /** Runs on the backend executor, after the checks. */
    private void run(Call<?> call, Kind kind, String endpoint, String idempotencyKey,
                     HostCall hostCall) {
        String integrationId = call.integrationId();
        String room = RoomKeys.integration(call.ref());
        String executionId = Ids.random();

        ExecutionStarted started = new ExecutionStarted(integrationId, endpoint, executionId, call.requestId(), Timestamps.now());
        // What a cluster announces in the room if this node dies before the run ends.
        ExecutionFailed interrupted = new ExecutionFailed(integrationId, endpoint, INTERRUPTED, executionId, null,
                started.timestamp());
        // The room hears of the run before it starts; a run that cannot be announced (a cluster's
        // store is down) is refused, and its claim given up so that a retry can run it.
        CompletableFuture<ExecutionStarted> announced = context.roomEvents.publishRunStart(room, kind.started(), call,
                seq -> started.forOthers().withSeq(seq), executionId, kind.failed(), interrupted::withSeq);
        if (idempotencyKey != null) {
            announced.exceptionally(failure -> {
                context.idempotency.release(idempotencyKey);
                return null;
            });
        }
        context.continueWith(call, "announcing the run", () -> announced,
                ignored -> runAnnounced(call, kind, room, endpoint, idempotencyKey, hostCall, started, executionId));
    }

    private void runAnnounced(Call<?> call, Kind kind, String room, String endpoint, String idempotencyKey,
                              HostCall hostCall,
                              ExecutionStarted started, String executionId) {
        String integrationId = call.integrationId();
        if (kind.startedToCaller()) {
            call.client().sendEvent(kind.started(), started);
        }

        context.runStarted();
        // Described only for a timeout or an unexpected failure: not built on every execute.
        Supplier<String> what = () -> "endpoint " + endpoint + " of integration " + integrationId;
        Map<String, String> trace = call.backendStarting();
        CompletionStage<Map<String, Object>> hostStage;
        try {
            hostStage = ServerContext.invoke(() -> hostCall.start(executionId, trace));
        } finally {
            call.backendReturned();
        }
        context.withDeadline(hostStage, what).whenComplete((data, failure) -> {
            Outcome outcome;
            if (failure == null) {
                call.backendEnded(null);
                ExecutionCompleted completed = new ExecutionCompleted(integrationId, endpoint,
                        ExecutionResult.success(data), executionId, call.requestId(), Timestamps.now());
                Object reply = writtenOnce(completed, idempotencyKey);
                call.reply(kind.completed(), reply);
                context.roomEvents.publishRunEnd(room, kind.completed(), call, seq -> completed.forOthers().withSeq(seq),
                        executionId);
                outcome = new Outcome(kind.completed(), reply);
            } else {
                ErrorInfo error = Failures.toError(failure, what.get());
                call.backendEnded(error.code());
                ExecutionFailed failed = new ExecutionFailed(integrationId, endpoint, error, executionId,
                        call.requestId(), Timestamps.now());
                Object reply = writtenOnce(failed, idempotencyKey);
                call.reply(kind.failed(), reply, error.code());
                context.roomEvents.publishRunEnd(room, kind.failed(), call, seq -> failed.forOthers().withSeq(seq),
                        executionId);
                outcome = new Outcome(kind.failed(), reply);
            }
            try {
                if (idempotencyKey != null) {
                    context.idempotency.complete(idempotencyKey, outcome);
                }
            } finally {
                context.runEnded();   // a store that throws must not keep a graceful drain waiting
            }
        });
    }

    /**
     * The caller's outcome as JSON text when the idempotency store will keep it: the store needs
     * the JSON anyway, and writing it once for both the ack and the store saves a serialization
     * per execute. Without a key (no requestId) the payload goes out as is.
     */
    private static Object writtenOnce(Object payload, String idempotencyKey) {
        if (idempotencyKey == null) {
            return payload;
        }
        try {
            return BinaryPayloads.writtenOnce(payload);
        } catch (RuntimeException notJson) {
            return payload;   // the store will fail to write it too, and release the key
        }
    }

    /** Who asked, for which integration, with which requestId: a requestId never reaches another principal's result. */
    private static String idempotencyKey(Call<ExecuteRequest> call) {
        ExecuteRequest request = call.request();
        return String.join("\u0000", call.principal().subject(), request.projectId(), request.integrationId(),
                request.requestId());
    }
}
