package io.integrationsrealtime.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo dashboard in headless Chromium (Debian's {@code /usr/bin/chromium} driven by
 * playwright-core, no browser download): interop/browser/dashboard-check.mjs joins, executes,
 * sees the result, reloads and executes again (request ids must not repeat across loads), sees the
 * health result cleared on another integration, room activity and a webhook, saves
 * {@code target/interop/dashboard.png}, and checks the state badge fits at 400 px wide.
 */
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));

    @Test
    void dashboardJoinsExecutesAndShowsLiveActivity() throws Exception {
        NodeRun.requireNodeAndModules("socket.io-client", "playwright-core");
        NodeRun.require(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: the dashboard browser test needs Chromium"
                + " (Debian: apt-get install chromium; or set CHROMIUM_PATH).");
        NodeRun.require(DashboardFiles.bundlePresent(), "the socket.io browser bundle is not on the classpath:"
                + " the examples build copies it from interop/node_modules after npm ci.");
        Path screenshot = NodeRun.OUTPUT.resolve("dashboard.png");
        Files.deleteIfExists(screenshot);

        NodeRun.Result result;
        try (DemoWithHttp server = new DemoWithHttp(Duration.ofMillis(1500))) {
            result = NodeRun.run("dashboard-check", Map.of(
                            "HTTP_URL", server.httpUrl(),
                            "SOCKET_URL", server.socketUrl(),
                            "SCREENSHOT", screenshot.toString(),
                            "CHROMIUM_PATH", CHROMIUM.toString()),
                    Duration.ofMinutes(2), "browser/dashboard-check.mjs");
        }

        assertThat(result.exitCode()).as("dashboard check exit code; output:\n%s", result.output()).isZero();
        assertThat(result.output()).contains("DASHBOARD OK");
        assertThat(screenshot).isRegularFile();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }
}
