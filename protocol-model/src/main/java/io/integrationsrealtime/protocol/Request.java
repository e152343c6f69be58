package io.integrationsrealtime.protocol;

/** What every request payload has: the integration it is about and an optional client requestId. */
public interface Request {

    String projectId();

    String integrationId();

    /** The client's correlation id, or {@code null}; echoed on the caller's reply. */
    String requestId();
}
