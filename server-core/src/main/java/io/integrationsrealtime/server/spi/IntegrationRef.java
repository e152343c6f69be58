package io.integrationsrealtime.server.spi;

/** Names one integration of one project. Ids are already validated (24 lowercase hex). */
public record IntegrationRef(String projectId, String integrationId) {
}
