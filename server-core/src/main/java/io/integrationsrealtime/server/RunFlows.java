package io.integrationsrealtime.server;

import com.corundumstudio.socketio.BroadcastOperations;
import io.integrationsrealtime.protocol.ErrorInfo;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.ExecuteRequest;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.ExecutionFailed;
import io.integrationsrealtime.protocol.ExecutionResult;
import io.integrationsrealtime.protocol.ExecutionStarted;
import io.integrationsrealtime.protocol.TestRequest;
import io.integrationsrealtime.protocol.Timestamps;
import io.integrationsrealtime.server.spi.EndpointCall;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Execute and test: both run something on the host and tell the room. The caller gets the full
 * outcome (ack or caller event); the others in the room get started, then a summary or the
 * failure without details.
 */
final class RunFlows {

    /** The events of one kind of run, and whether the caller also sees its own "started". */
    private record Kind(String started, String completed, String failed, boolean startedToCaller) {
    }

    private static final Kind EXECUTION = new Kind(
            Events.EXECUTION_STARTED, Events.EXECUTION_COMPLETED, Events.EXECUTION_FAILED, false);
    private static final Kind TEST = new Kind(
            Events.TEST_STARTED, Events.TEST_COMPLETED, Events.TEST_FAILED, true);

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
        context.ifPermitted(call, () -> run(call, EXECUTION, request.endpoint(), executionId ->
                context.backend.execute(new EndpointCall(call.ref(), request.endpoint(), request.params(),
                        request.requestData(), call.requestId(), executionId, call.principal()))));
    }

    private void test(Call<TestRequest> call) {
        context.ifPermitted(call, () -> run(call, TEST, TestRequest.HEALTH_CHECK,
                executionId -> context.backend.healthCheck(call.ref())));
    }

    /** Runs on the backend executor, after the existence check. */
    private void run(Call<?> call, Kind kind, String endpoint,
                     Function<String, CompletionStage<Map<String, Object>>> hostCall) {
        String integrationId = call.integrationId();
        String executionId = UUID.randomUUID().toString();
        BroadcastOperations room = context.room(integrationId);

        ExecutionStarted started = new ExecutionStarted(integrationId, endpoint, executionId, call.requestId(), Timestamps.now());
        room.sendEvent(kind.started(), call.client(), started.forOthers());
        if (kind.startedToCaller()) {
            call.client().sendEvent(kind.started(), started);
        }

        ServerContext.invoke(() -> hostCall.apply(executionId)).whenComplete((data, failure) -> {
            if (failure == null) {
                ExecutionCompleted completed = new ExecutionCompleted(integrationId, endpoint,
                        ExecutionResult.success(data), executionId, call.requestId(), Timestamps.now());
                call.reply(kind.completed(), completed);
                room.sendEvent(kind.completed(), call.client(), completed.forOthers());
            } else {
                ErrorInfo error = Failures.toError(failure, "endpoint " + endpoint + " of integration " + integrationId);
                ExecutionFailed failed = new ExecutionFailed(integrationId, endpoint, error, executionId,
                        call.requestId(), Timestamps.now());
                call.reply(kind.failed(), failed);
                room.sendEvent(kind.failed(), call.client(), failed.forOthers());
            }
        });
    }
}
