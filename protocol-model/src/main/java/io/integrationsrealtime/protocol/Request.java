package io.integrationsrealtime.protocol;

/** What every request payload has: the integration it is about and an optional client requestId. */
public interface Request {

    /**
     * The project the integration belongs to.
     *
     * @return 24 lowercase hex characters on a valid request
     */
    String projectId();

    /**
     * The integration the request is about.
     *
     * @return 24 lowercase hex characters on a valid request
     */
    String integrationId();

    /**
     * The client's correlation id, echoed on the caller's reply.
     *
     * @return 1-64 characters of {@code [A-Za-z0-9_.:-]}, or {@code null} (the server then makes
     *         one up)
     */
    String requestId();

    /**
     * The W3C Trace Context {@code traceparent} the client sent to continue its trace; only execute
     * and test carry one.
     *
     * @return the text as sent (not checked), or {@code null}
     */
    default String traceparent() {
        return null;
    }

    /**
     * The W3C Trace Context {@code tracestate} sent with {@link #traceparent()}.
     *
     * @return the text as sent (not checked), or {@code null}
     */
    default String tracestate() {
        return null;
    }
}
