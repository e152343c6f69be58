package io.integrationsrealtime.server;

import com.corundumstudio.socketio.BroadcastOperations;
import com.corundumstudio.socketio.SocketIONamespace;
import com.fasterxml.jackson.databind.JsonNode;
import io.integrationsrealtime.protocol.Request;
import io.integrationsrealtime.protocol.Rooms;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every flow shares: the namespace it answers on, the host's backend, and the executor that
 * keeps host code off netty's event loops.
 */
final class ServerContext {

    final SocketIONamespace namespace;
    final IntegrationBackend backend;
    private final Executor executor;

    ServerContext(SocketIONamespace namespace, IntegrationBackend backend, Executor executor) {
        this.namespace = namespace;
        this.backend = backend;
        this.executor = executor;
    }

    /** Registers {@code flow} for a request event; it receives only validated calls. */
    <T extends Request> void listen(String event, Class<T> type, Consumer<Call<T>> flow) {
        namespace.addEventListener(event, JsonNode.class, new RequestListener<>(event, type, flow));
    }

    BroadcastOperations room(String integrationId) {
        return namespace.getRoomOperations(Rooms.integration(integrationId));
    }

    /**
     * Asks the backend whether the call's integration exists and, if it does, runs
     * {@code continuation} on the backend executor; otherwise refuses the call. One executor hop
     * when the backend answers synchronously, two when its answer arrives on a thread of its own.
     */
    void ifExists(Call<?> call, Runnable continuation) {
        submit(call, () -> {
            CompletableFuture<Boolean> found = new CompletableFuture<>();
            invoke(() -> backend.exists(call.ref())).whenComplete((exists, error) -> {
                if (error != null) {
                    found.completeExceptionally(error);
                } else {
                    found.complete(exists);
                }
            });
            if (found.isDone()) {
                decide(call, found, continuation);
            } else {
                found.whenCompleteAsync((exists, error) -> decide(call, found, continuation), executor);
            }
        });
    }

    private static void decide(Call<?> call, CompletableFuture<Boolean> found, Runnable continuation) {
        Boolean exists;
        try {
            exists = found.join();
        } catch (RuntimeException e) {
            call.refuse(Failures.toError(e, "existence check"));
            return;
        }
        if (Boolean.TRUE.equals(exists)) {
            continuation.run();
        } else {
            call.refuse(Failures.NOT_FOUND);
        }
    }

    private void submit(Call<?> call, Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    call.refuse(Failures.toError(e, "request handling"));
                }
            });
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
                    : CompletableFuture.failedFuture(new IllegalStateException("backend returned a null stage"));
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
