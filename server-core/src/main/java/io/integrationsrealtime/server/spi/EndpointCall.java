package io.integrationsrealtime.server.spi;

import java.util.Map;

/**
 * One execution the host is asked to run: which integration, which endpoint, with what. The maps
 * are the client's free-form JSON objects, deep and unmodifiable. {@code requestId} is the
 * caller's correlation id (a host may use it as an idempotency key upstream); {@code executionId}
 * is the server's id of this run; {@code principal} is who asked.
 *
 * @param integration the integration, which {@link IntegrationBackend#exists} confirmed
 * @param endpoint    the endpoint name, matching {@code [A-Za-z][A-Za-z0-9_.-]{0,63}}; the host
 *                    answers an unknown one, e.g. with {@code NOT_FOUND}
 * @param params      the endpoint's parameters; never {@code null}
 * @param requestData further request data; never {@code null}
 * @param requestId   the client's requestId, or one the server made up when it sent none
 * @param executionId the server's id of this run, also on the room's events
 * @param principal   who asked, already authorized for this integration
 */
public record EndpointCall(
        IntegrationRef integration,
        String endpoint,
        Map<String, Object> params,
        Map<String, Object> requestData,
        String requestId,
        String executionId,
        Principal principal) {
}
