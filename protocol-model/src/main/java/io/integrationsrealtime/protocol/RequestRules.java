package io.integrationsrealtime.protocol;

import java.util.regex.Pattern;

/**
 * The documented shape rules of requests, used by the server to refuse bad input and by the client
 * to fail fast before sending. Each check returns {@code null} when the value is fine, otherwise
 * a message safe to show to the caller.
 *
 * <p>The patterns document the rules; the checks are hand-written character loops that accept
 * exactly the same strings (RequestRulesTest compares them), because they run several times on
 * every request and a regex match allocates a matcher and backtracks.
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

    /**
     * Whether {@code value} is a project or integration id.
     *
     * @param value the text, or {@code null}
     * @return whether it matches {@link #ID}; false for {@code null}
     */
    public static boolean isId(String value) {
        if (value == null || value.length() != 24) {
            return false;
        }
        for (int i = 0; i < 24; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code value} is a valid requestId.
     *
     * @param value the text, or {@code null}
     * @return whether it matches {@link #REQUEST_ID}; false for {@code null}
     */
    public static boolean isRequestId(String value) {
        if (value == null || value.isEmpty() || value.length() > 64) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(isAsciiLetterOrDigit(c) || c == '_' || c == '.' || c == ':' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code value} is a valid endpoint name.
     *
     * @param value the text, or {@code null}
     * @return whether it matches {@link #ENDPOINT}; false for {@code null}
     */
    public static boolean isEndpoint(String value) {
        if (value == null || value.isEmpty() || value.length() > 64) {
            return false;
        }
        char first = value.charAt(0);
        if (!(first >= 'A' && first <= 'Z' || first >= 'a' && first <= 'z')) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(isAsciiLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code value} is a W3C Trace Context {@code traceparent} this library continues:
     * {@code version-traceid-parentid-flags} in lowercase hex (2-32-16-2 digits), version not
     * {@code ff}, trace id and parent id not all zeros; a version above {@code 00} may be followed
     * by more fields after a {@code -}, as the specification allows. The server ignores a
     * {@code traceparent} that is not (its trace starts anew), as the specification asks.
     *
     * @param value the text, or {@code null}
     * @return whether it is well-formed; false for {@code null}
     */
    public static boolean isTraceparent(String value) {
        if (value == null || value.length() < 55 || value.length() > 256) {
            return false;
        }
        boolean v00 = value.startsWith("00");
        if (v00 ? value.length() != 55 : value.length() > 55 && value.charAt(55) != '-') {
            return false;
        }
        return isLowerHex(value, 0, 2) && !value.startsWith("ff") && value.charAt(2) == '-'
                && isLowerHex(value, 3, 35) && !isZeros(value, 3, 35) && value.charAt(35) == '-'
                && isLowerHex(value, 36, 52) && !isZeros(value, 36, 52) && value.charAt(52) == '-'
                && isLowerHex(value, 53, 55);
    }

    /**
     * Whether {@code value} is a {@code tracestate} this library passes on: at most 512 characters
     * of printable ASCII (the specification's list-members are not parsed). The server drops a
     * {@code tracestate} that is not, and keeps the {@code traceparent}.
     *
     * @param value the text, or {@code null}
     * @return whether it may be passed on; false for {@code null}
     */
    public static boolean isTracestate(String value) {
        if (value == null || value.length() > 512) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerHex(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZeros(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (value.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    /**
     * Checks the fields every request has.
     *
     * @param projectId     must match {@link #ID}
     * @param integrationId must match {@link #ID}
     * @param requestId     {@code null}, or matching {@link #REQUEST_ID}
     * @return {@code null} when all are fine, else what is wrong with the first bad one
     */
    public static String checkIds(String projectId, String integrationId, String requestId) {
        if (!isId(projectId)) {
            return "projectId must be 24 lowercase hex characters";
        }
        if (!isId(integrationId)) {
            return "integrationId must be 24 lowercase hex characters";
        }
        if (requestId != null && !isRequestId(requestId)) {
            return "requestId must be 1-64 characters of [A-Za-z0-9_.:-]";
        }
        return null;
    }

    /**
     * Checks any request by its type: the rules of {@link ExecuteRequest} and {@link TestRequest}
     * for those, the ids of any other.
     *
     * @param request the request
     * @return {@code null} when it is fine, else what is wrong
     */
    public static String check(Request request) {
        if (request instanceof ExecuteRequest execute) {
            return check(execute);
        }
        if (request instanceof TestRequest test) {
            return check(test);
        }
        return checkIds(request.projectId(), request.integrationId(), request.requestId());
    }

    /**
     * Checks a join, leave, status or webhook (un)subscribe request: its ids.
     *
     * @param request the request
     * @return {@code null} when it is fine, else what is wrong
     */
    public static String check(IntegrationRequest request) {
        return checkIds(request.projectId(), request.integrationId(), request.requestId());
    }

    /**
     * Checks an execute request: its ids and its endpoint name.
     *
     * @param request the request
     * @return {@code null} when it is fine, else what is wrong
     */
    public static String check(ExecuteRequest request) {
        String problem = checkIds(request.projectId(), request.integrationId(), request.requestId());
        if (problem != null) {
            return problem;
        }
        if (!isEndpoint(request.endpoint())) {
            return "endpoint must match " + ENDPOINT.pattern();
        }
        return null;
    }

    /**
     * Checks a test request: its ids, and an endpoint that is absent or
     * {@value TestRequest#HEALTH_CHECK}.
     *
     * @param request the request
     * @return {@code null} when it is fine, else what is wrong
     */
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
