package io.integrationsrealtime.server.spi;

import java.util.Map;

/**
 * One execution the host is asked to run: which integration, which endpoint, with what. The maps
 * are the client's free-form JSON objects, deep and unmodifiable. {@code requestId} is the
 * caller's correlation id (a host may use it as an idempotency key upstream); {@code executionId}
 * is the server's id of this run; {@code principal} is who asked.
 *
 * @param integration  the integration, which {@link IntegrationBackend#exists} confirmed
 * @param endpoint     the endpoint name, matching {@code [A-Za-z][A-Za-z0-9_.-]{0,63}}; the host
 *                     answers an unknown one, e.g. with {@code NOT_FOUND}
 * @param params       the endpoint's parameters; never {@code null}
 * @param requestData  further request data; never {@code null}
 * @param requestId    the client's requestId, or one the server made up when it sent none
 * @param executionId  the server's id of this run, also on the room's events
 * @param principal    who asked, already authorized for this integration
 * @param traceHeaders the trace context to continue in the host's outgoing calls, as headers to
 *                     add to them (W3C {@code traceparent} and {@code tracestate}): the server's
 *                     backend span when a tracing observer is set (docs/observability.md),
 *                     otherwise the client's own trace context when it sent one; unmodifiable,
 *                     never {@code null}, empty when the run is not traced
 */
public record EndpointCall(
        IntegrationRef integration,
        String endpoint,
        Map<String, Object> params,
        Map<String, Object> requestData,
        String requestId,
        String executionId,
        Principal principal,
        Map<String, String> traceHeaders) {

    /**
     * Creates a call; a {@code null} {@code traceHeaders} becomes empty.
     *
     * @param integration  the integration
     * @param endpoint     the endpoint name
     * @param params       the endpoint's parameters
     * @param requestData  further request data
     * @param requestId    the client's requestId
     * @param executionId  the server's id of this run
     * @param principal    who asked
     * @param traceHeaders the trace context headers, copied; {@code null} for none
     */
    public EndpointCall {
        traceHeaders = traceHeaders == null || traceHeaders.isEmpty() ? Map.of() : Map.copyOf(traceHeaders);
    }

    /**
     * A call that is not traced (no {@code traceHeaders}), e.g. for a host's tests.
     *
     * @param integration the integration
     * @param endpoint    the endpoint name
     * @param params      the endpoint's parameters
     * @param requestData further request data
     * @param requestId   the client's requestId
     * @param executionId the server's id of this run
     * @param principal   who asked
     */
    public EndpointCall(IntegrationRef integration, String endpoint, Map<String, Object> params,
                        Map<String, Object> requestData, String requestId, String executionId, Principal principal) {
        this(integration, endpoint, params, requestData, requestId, executionId, principal, Map.of());
    }
}
