package io.integrationsrealtime.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.protocol.Events;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo's walkthrough against the demo server: every flow shows up in its output. */
class DemoWalkthroughTest {

    @Test
    void walkthroughShowsEveryFlow() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DemoServer demo = DemoServer.start("127.0.0.1", 0, Duration.ofMillis(20), Duration.ofMillis(200))) {

            new DemoClient(new PrintStream(buffer, true, StandardCharsets.UTF_8))
                    .walkthrough("http://127.0.0.1:" + demo.port());
        }

        String output = buffer.toString(StandardCharsets.UTF_8);
        assertThat(output).contains(
                "[alice] <- " + Events.JOINED,
                "[bob] <- " + Events.EXECUTION_STARTED,
                "[alice] <- " + Events.EXECUTION_COMPLETED,
                "[bob] <- " + Events.EXECUTION_COMPLETED + " {\"integrationId\":\"64b2c3d4e5f6789012345678\",\"endpoint\":\"getUserTweets\",\"result\":{\"success\":true},",
                "[alice] <- failed UPSTREAM_ERROR",
                "[bob] <- " + Events.EXECUTION_FAILED,
                "[bob] <- " + Events.TEST_STARTED,
                "[alice] <- " + Events.TEST_COMPLETED,
                "[alice] <- " + Events.STATUS_RESPONSE,
                "\"rateLimit\":{\"limit\":900",
                "[alice] <- " + Events.USAGE_UPDATED,
                "[alice] <- " + Events.WEBHOOK_RECEIVED + " {\"integrationId\":\"64b2c3d4e5f6789012345679\",\"event\":\"stripe.",
                "[alice] <- failed INTEGRATION_INACTIVE",
                "[alice] <- " + Events.LEFT,
                "walkthrough complete");
    }
}
