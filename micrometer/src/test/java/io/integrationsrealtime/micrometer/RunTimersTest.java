package io.integrationsrealtime.micrometer;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Without an observation registry, runs are timed straight into the meter registry (RunTimers):
 * the same meters, names and tags as Micrometer's meter handler makes from the observations, for
 * the same traffic over a real client, with and without the endpoint tag and common tags.
 */
class RunTimersTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void timedRuns_makeTheMetersTheMeterHandlerMakes(boolean endpointTagAndCommonTags) throws Exception {
        MeterRegistry direct = new SimpleMeterRegistry();
        MeterRegistry handled = new SimpleMeterRegistry();
        MeterRegistry runHandled = new SimpleMeterRegistry();

        drive(configure(MicrometerServerObserver.builder(direct), endpointTagAndCommonTags).build());
        drive(configure(MicrometerServerObserver.builder(handled), endpointTagAndCommonTags)
                .observationRegistry(timedInto(handled)).backendSpans(true).build());
        // By default only the run is an observation; the host's call is timed straight into the registry.
        drive(configure(MicrometerServerObserver.builder(runHandled), endpointTagAndCommonTags)
                .observationRegistry(timedInto(runHandled)).build());

        assertThat(runMeters(direct)).isNotEmpty().isEqualTo(runMeters(handled)).isEqualTo(runMeters(runHandled));
        Timer failed = direct.get("integrations.realtime.server.runs").tag("kind", "execute")
                .tag("outcome", "UPSTREAM_ERROR").tag("error", "FailedOutcome").timer();
        assertThat(failed.count()).isEqualTo(1);
        assertThat(direct.get("integrations.realtime.server.backend").tag("kind", "execute").tag("outcome", "OK")
                .timer().count()).isEqualTo(2);
        assertThat(direct.get("integrations.realtime.server.runs.active").tag("kind", "execute")
                .longTaskTimer().activeTasks()).isZero();
        if (endpointTagAndCommonTags) {
            assertThat(failed.getId().getTag("endpoint")).isEqualTo("upstreamDown");
            assertThat(failed.getId().getTag("server")).isEqualTo("public");
        }
    }

    private static ObservationRegistry timedInto(MeterRegistry meters) {
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        return observations;
    }

    private static MicrometerServerObserver.Builder configure(MicrometerServerObserver.Builder builder, boolean tagged) {
        return tagged ? builder.endpointTag(true).tags(Tags.of("server", "public")) : builder;
    }

    /** Two executes that succeed, one that fails upstream, one health check; until every run is timed. */
    private static void drive(MicrometerServerObserver observer) throws Exception {
        try (IntegrationsServer server = TestAuth.server(new TestBackend()).observer(observer).build()) {
            server.start();
            IntegrationsClient client = IntegrationsClient.builder().serverUrl("http://127.0.0.1:" + server.port())
                    .token(TestAuth.TOKEN).build();
            try {
                client.connect().get(10, TimeUnit.SECONDS);
                var tweets = client.integration(PROJECT, TWEETS);
                tweets.execute("getUserTweets", Map.of(), null).get(10, TimeUnit.SECONDS);
                tweets.execute("getUserTweets", Map.of("userId", "1"), null).get(10, TimeUnit.SECONDS);
                assertThat(catchThrowable(() -> tweets.execute("upstreamDown", Map.of(), null).get(10, TimeUnit.SECONDS)))
                        .hasMessageContaining("UPSTREAM_ERROR");
                tweets.test().get(10, TimeUnit.SECONDS);
            } finally {
                client.close();
            }
        }
    }

    /** Every run meter as name, type and sorted tags, once all four runs are counted. */
    private static Set<String> runMeters(MeterRegistry meters) {
        await().until(() -> meters.find("integrations.realtime.server.runs").timers().stream()
                .mapToLong(Timer::count).sum() == 4);
        Set<String> ids = new TreeSet<>();
        for (Meter meter : meters.getMeters()) {
            String name = meter.getId().getName();
            if (name.startsWith("integrations.realtime.server.runs") || name.startsWith("integrations.realtime.server.backend")) {
                String kind = meter instanceof LongTaskTimer ? "longTaskTimer" : meter.getId().getType().name();
                ids.add(name + " " + kind + " " + meter.getId().getTags());
            }
        }
        return ids;
    }
}
