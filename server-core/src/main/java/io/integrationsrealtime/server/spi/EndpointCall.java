package io.integrationsrealtime.server.spi;

import java.util.Map;

/**
 * One execution the host is asked to run: which integration, which endpoint, with what. The maps
 * are the client's free-form JSON objects, deep and unmodifiable. {@code requestId} is the
 * caller's correlation id (a host may use it as an idempotency key upstream); {@code executionId}
 * is the server's id of this run; {@code principal} is who asked.
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
