package io.integrationsrealtime.server.spi;

/**
 * Names one integration of one project. Ids are already validated (24 lowercase hex).
 *
 * @param projectId     the project named in the request
 * @param integrationId the integration named in the request; whether it belongs to that project
 *                      is for {@link IntegrationBackend#exists} to say
 */
public record IntegrationRef(String projectId, String integrationId) {
}
