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

    default void onExecutionStarted(ExecutionStarted event) {
    }

    default void onExecutionCompleted(ExecutionCompleted event) {
    }

    default void onExecutionFailed(ExecutionFailed event) {
    }

    default void onTestStarted(ExecutionStarted event) {
    }

    default void onTestCompleted(ExecutionCompleted event) {
    }

    default void onTestFailed(ExecutionFailed event) {
    }
}
