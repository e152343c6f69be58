package io.integrationsrealtime.protocol;

import java.util.regex.Pattern;

/**
 * The documented shape rules of requests, used by the server to refuse bad input and by the client
 * to fail fast before sending. Each check returns {@code null} when the value is fine, otherwise
 * a message safe to show to the caller.
 */
public final class RequestRules {

    /** Ids are 24 lowercase hex characters, e.g. {@code 64b2c3d4e5f6789012345678}. */
    public static final Pattern ID = Pattern.compile("[0-9a-f]{24}");
    /** Endpoint names: a letter, then up to 63 letters, digits, '_', '.' or '-'. */
    public static final Pattern ENDPOINT = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    /** Request ids: 1 to 64 letters, digits, '_', '.', ':' or '-'. */
    public static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private RequestRules() {
    }

    public static String checkIds(String projectId, String integrationId, String requestId) {
        if (projectId == null || !ID.matcher(projectId).matches()) {
            return "projectId must be 24 lowercase hex characters";
        }
        if (integrationId == null || !ID.matcher(integrationId).matches()) {
            return "integrationId must be 24 lowercase hex characters";
        }
        if (requestId != null && !REQUEST_ID.matcher(requestId).matches()) {
            return "requestId must be 1-64 characters of [A-Za-z0-9_.:-]";
        }
        return null;
    }

    /** Checks any request by its type. */
    public static String check(Request request) {
        if (request instanceof ExecuteRequest execute) {
            return check(execute);
        }
        if (request instanceof TestRequest test) {
            return check(test);
        }
        return checkIds(request.projectId(), request.integrationId(), request.requestId());
    }

    public static String check(IntegrationRequest request) {
        return checkIds(request.projectId(), request.integrationId(), request.requestId());
    }

    public static String check(ExecuteRequest request) {
        String problem = checkIds(request.projectId(), request.integrationId(), request.requestId());
        if (problem != null) {
            return problem;
        }
        if (request.endpoint() == null || !ENDPOINT.matcher(request.endpoint()).matches()) {
            return "endpoint must match " + ENDPOINT.pattern();
        }
        return null;
    }

    public static String check(TestRequest request) {
        String problem = checkIds(request.projectId(), request.integrationId(), request.requestId());
        if (problem != null) {
            return problem;
        }
        if (request.endpoint() != null && !TestRequest.HEALTH_CHECK.equals(request.endpoint())) {
            return "endpoint of a test must be \"" + TestRequest.HEALTH_CHECK + "\"";
        }
        return null;
    }
}
