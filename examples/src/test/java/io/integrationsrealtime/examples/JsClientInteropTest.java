package io.integrationsrealtime.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The official JS client (npm socket.io-client v4, pinned by interop/package-lock.json) walks every
 * flow of the protocol against server-core with the demo backend: interop/test/*.test.mjs under
 * Node's built-in test runner.
 */
class JsClientInteropTest {

    @Test
    void officialJsClientWalksEveryFlow() throws Exception {
        NodeRun.requireNodeAndModules("socket.io-client");

        NodeRun.Result result;
        try (DemoWithHttp server = new DemoWithHttp(Duration.ofMillis(200))) {
            result = NodeRun.run("protocol-walk", Map.of(
                            "SOCKET_URL", server.socketUrl(),
                            "HTTP_URL", server.httpUrl(),
                            "WEBHOOK_SECRET", DemoWebhookEndpoint.SECRET),
                    Duration.ofMinutes(2),
                    "--test", "--test-reporter=spec", "--test-concurrency=1", "--test-timeout=30000", "test/");
        }

        // The spec reporter's summary: "ℹ tests 19", "ℹ pass 19", "ℹ fail 0", ...
        assertThat(result.output()).containsPattern("(?m)\\bpass [1-9]\\d*$").containsPattern("(?m)\\bfail 0$");
        assertThat(result.exitCode()).as("node --test exit code; output:\n%s", result.output()).isZero();
    }
}
