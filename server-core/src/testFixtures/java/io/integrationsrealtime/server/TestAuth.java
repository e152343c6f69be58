package io.integrationsrealtime.server;

import io.integrationsrealtime.server.spi.Authenticator;
import io.integrationsrealtime.server.spi.Authorizer;
import io.integrationsrealtime.server.spi.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Test tokens: each names a principal and the projects it may use. */
public final class TestAuth {

    /** May use {@link TestBackend#PROJECT}. */
    public static final String TOKEN = "test-token";
    /** May use {@link TestBackend#OTHER_PROJECT} only. */
    public static final String OTHER_PROJECT_TOKEN = "other-project-token";
    /** Valid for PROJECT, but expired. */
    public static final String EXPIRED_TOKEN = "expired-token";
    /** Valid for PROJECT, answered asynchronously after 100 ms. */
    public static final String SLOW_TOKEN = "slow-token";

    private TestAuth() {
    }

    public static final Authenticator AUTHENTICATOR = credentials -> {
        String token = credentials.token();
        if (token == null) {
            return CompletableFuture.completedFuture(null);
        }
        return switch (token) {
            case TOKEN -> CompletableFuture.completedFuture(principal("tester", TestBackend.PROJECT, null));
            case OTHER_PROJECT_TOKEN -> CompletableFuture.completedFuture(principal("outsider", TestBackend.OTHER_PROJECT, null));
            case EXPIRED_TOKEN -> CompletableFuture.completedFuture(
                    principal("late", TestBackend.PROJECT, Instant.now().minusSeconds(1)));
            case SLOW_TOKEN -> CompletableFuture.supplyAsync(() -> principal("slow", TestBackend.PROJECT, null),
                    CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
            default -> CompletableFuture.completedFuture(null);
        };
    };

    public static final Authorizer AUTHORIZER = (principal, integration) -> CompletableFuture.completedFuture(
            ((List<?>) principal.attributes().getOrDefault("projects", List.of())).contains(integration.projectId()));

    /** A builder with the test backend and test authentication. */
    public static IntegrationsServer.Builder server(io.integrationsrealtime.server.spi.IntegrationBackend backend) {
        return IntegrationsServer.builder(backend).authenticator(AUTHENTICATOR).authorizer(AUTHORIZER)
                .hostname("127.0.0.1").port(0);
    }

    private static Principal principal(String subject, String project, Instant expiresAt) {
        return new Principal(subject, expiresAt, Map.of("projects", List.of(project)));
    }
}
