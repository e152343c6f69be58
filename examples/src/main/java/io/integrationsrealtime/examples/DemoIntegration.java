package io.integrationsrealtime.examples;

import java.util.Map;
import java.util.function.Function;

/**
 * One in-memory integration of the demo: a name, whether it is active, its endpoints (params to
 * canned data), the webhook events its provider sends, and the rate limit of its fake upstream.
 */
record DemoIntegration(
        String id,
        String name,
        boolean active,
        Map<String, Function<Map<String, Object>, Map<String, Object>>> endpoints,
        java.util.List<String> webhookEvents,
        long rateLimitPerWindow) {
}
