package io.integrationsrealtime.client;

import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.ExecutionFailed;
import io.integrationsrealtime.protocol.ExecutionStarted;

/**
 * Receives the activity of an integration's room: executions and tests run by any socket. Arrives
 * only while the handle has {@linkplain Integration#join() joined}. Implement only the methods you
 * need; the others do nothing.
 *
 * <p>Events about other sockets' requests carry no {@code requestId}, and their completed event
 * has a summary result without {@code data}. The outcome of this client's own execute or test
 * arrives in its future, not here; only {@code integration:test:started} is also delivered here
 * for this client's own tests (it then carries the requestId).
 */
public interface RoomActivityListener {

    /**
     * Another socket's execution started ({@code integration:execution:started}).
     *
     * @param event the endpoint and the executionId its completed or failed event will carry
     */
    default void onExecutionStarted(ExecutionStarted event) {
    }

    /**
     * Another socket's execution completed ({@code integration:execution:completed}).
     *
     * @param event the summary: {@code result.success} without {@code data}
     */
    default void onExecutionCompleted(ExecutionCompleted event) {
    }

    /**
     * Another socket's execution failed ({@code integration:execution:failed}).
     *
     * @param event the error's code and message, without {@code details}
     */
    default void onExecutionFailed(ExecutionFailed event) {
    }

    /**
     * A health check started in the room ({@code integration:test:started}), this client's own
     * included.
     *
     * @param event the executionId; carries the requestId when the test is this client's
     */
    default void onTestStarted(ExecutionStarted event) {
    }

    /**
     * Another socket's health check completed ({@code integration:test:completed}).
     *
     * @param event the summary: {@code result.success} without {@code data}
     */
    default void onTestCompleted(ExecutionCompleted event) {
    }

    /**
     * Another socket's health check failed ({@code integration:test:failed}).
     *
     * @param event the error's code and message, without {@code details}
     */
    default void onTestFailed(ExecutionFailed event) {
    }
}
