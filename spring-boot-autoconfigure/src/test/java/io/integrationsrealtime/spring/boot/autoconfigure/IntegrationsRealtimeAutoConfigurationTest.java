package io.integrationsrealtime.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.RawClient;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import io.integrationsrealtime.server.observe.ServerState;
import io.integrationsrealtime.server.spi.Authenticator;
import io.integrationsrealtime.server.spi.Authorizer;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;

/** The auto-configuration in a real application context, with a real server on a loopback port. */
class IntegrationsRealtimeAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(IntegrationsRealtimeAutoConfiguration.class,
                    IntegrationsRealtimeHealthConfiguration.class))
            .withPropertyValues("integrations.realtime.port=0", "integrations.realtime.host=127.0.0.1");

    private static JSONObject execute() {
        return new JSONObject().put("projectId", TestBackend.PROJECT).put("integrationId", TestBackend.TWEETS)
                .put("endpoint", "getUserTweets");
    }

    @Test
    void backendAndAuthBeans_serveTheProtocol_countItAndReportHealth_thenDrainOnClose() {
        runner.withBean(IntegrationBackend.class, TestBackend::new)
                .withBean(Authenticator.class, () -> TestAuth.AUTHENTICATOR)
                .withBean(Authorizer.class, () -> TestAuth.AUTHORIZER)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("integrations.realtime.limits.max-rooms=7")
                .run(context -> {
                    IntegrationsServer server = context.getBean(IntegrationsServer.class);
                    assertThat(server.state()).isEqualTo(ServerState.SERVING);
                    try (RawClient client = new RawClient(server.port(), List.of()).connect()) {
                        assertThat(client.requestJson(Events.EXECUTE, execute()).has("result")).isTrue();
                    }
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    await().untilAsserted(() -> assertThat(meters.get("integrations.realtime.server.requests")
                            .tag("event", "integration:execute").tag("outcome", "OK").timer().count()).isEqualTo(1));
                    HealthIndicator health = context.getBean("integrationsRealtimeHealthIndicator", HealthIndicator.class);
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                    assertThat(health.health().getDetails()).containsEntry("state", "SERVING")
                            .containsEntry("backplane", "available");
                    context.close();
                    assertThat(server.state()).isEqualTo(ServerState.STOPPED);
                });
    }

    @Test
    void backendSpansProperty_decidesWhetherTheHostsCallIsAnObservationOfItsOwn() {
        for (boolean backendSpans : new boolean[] {true, false}) {
            List<String> observed = new java.util.concurrent.CopyOnWriteArrayList<>();
            ObservationRegistry observations = ObservationRegistry.create();
            observations.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
                @Override
                public void onStart(Observation.Context context) {
                    observed.add(context.getName());
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            });
            runner.withBean(IntegrationBackend.class, TestBackend::new)
                    .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                    .withBean(ObservationRegistry.class, () -> observations)
                    .withPropertyValues("integrations.realtime.allow-anonymous=true",
                            "integrations.realtime.metrics.backend-spans=" + backendSpans)
                    .run(context -> {
                        IntegrationsServer server = context.getBean(IntegrationsServer.class);
                        try (RawClient client = new RawClient(server.port(), List.of()).connect()) {
                            assertThat(client.requestJson(Events.EXECUTE, execute()).has("result")).isTrue();
                        }
                        if (!backendSpans) {   // with backend spans, the registry's meter handler would time it
                            MeterRegistry meters = context.getBean(MeterRegistry.class);
                            await().untilAsserted(() -> assertThat(meters.get("integrations.realtime.server.backend")
                                    .tag("outcome", "OK").timer().count()).isEqualTo(1));
                        }
                    });
            assertThat(observed).as("backend-spans=%s", backendSpans).contains("integrations.realtime.server.runs");
            if (backendSpans) {
                assertThat(observed).contains("integrations.realtime.server.backend");
            } else {
                assertThat(observed).doesNotContain("integrations.realtime.server.backend");
            }
        }
    }

    @Test
    void closingTheContext_drainsARunningExecution_beforeTheServerStops() {
        runner.withBean(IntegrationBackend.class, TestBackend::new)
                .withPropertyValues("integrations.realtime.allow-anonymous=true", "integrations.realtime.drain-timeout=10s")
                .run(context -> {
                    IntegrationsServer server = context.getBean(IntegrationsServer.class);
                    try (RawClient client = new RawClient(server.port(), List.of()).connect()) {
                        var running = client.request(Events.EXECUTE, execute().put("endpoint", "slow")
                                .put("params", new JSONObject().put("ms", 1500)));
                        await().until(() -> server.state() == ServerState.SERVING && context.getBean(IntegrationBackend.class)
                                instanceof TestBackend backend && backend.lastSlow != null);
                        context.close();   // Spring's shutdown: the lifecycle drains in its phase
                        JSONObject outcome = (JSONObject) running.get(10, java.util.concurrent.TimeUnit.SECONDS);
                        assertThat(outcome.getJSONObject("result").getBoolean("success")).isTrue();
                        assertThat(server.state()).isEqualTo(ServerState.STOPPED);
                    }
                });
    }

    @Test
    void withoutABackendBean_thereIsNoServer() {
        runner.run(context -> assertThat(context).doesNotHaveBean(IntegrationsServer.class));
    }

    @Test
    void withoutAuthBeans_startupFailsWithWhatToDo_unlessAnonymousIsAllowed() {
        runner.withBean(IntegrationBackend.class, TestBackend::new).run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("integrations.realtime.allow-anonymous"));
        runner.withBean(IntegrationBackend.class, TestBackend::new)
                .withPropertyValues("integrations.realtime.allow-anonymous=true")
                .run(context -> assertThat(context.getBean(IntegrationsServer.class).state()).isEqualTo(ServerState.SERVING));
    }

    @Test
    void redisUrlWithoutServerRedis_isNotSilentlyIgnored() {
        // server-redis is on this module's test class path, so the backplane is configured: a
        // closed port makes connecting fail at startup rather than run without the cluster.
        runner.withBean(IntegrationBackend.class, TestBackend::new)
                .withPropertyValues("integrations.realtime.allow-anonymous=true",
                        "integrations.realtime.redis.url=redis://127.0.0.1:1", "integrations.realtime.redis.command-timeout=500ms")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void anApplicationsOwnSocketIoServer_madeWithTheSecureDefaults_isAttachedToAndServes() {
        runner.withBean(IntegrationBackend.class, TestBackend::new)
                .withUserConfiguration(HostServer.class)
                .withPropertyValues("integrations.realtime.allow-anonymous=true", "integrations.realtime.namespace=/integrations")
                .run(context -> {
                    IntegrationsServer server = context.getBean(IntegrationsServer.class);
                    assertThat(server.namespace().getName()).isEqualTo("/integrations");
                    assertThat(server.port()).isEqualTo(-1);
                    assertThat(server.state()).isEqualTo(ServerState.SERVING);
                    SocketIOServer host = context.getBean(SocketIOServer.class);
                    host.start();
                    try (RawClient client = new RawClient(host.getConfiguration().getPort(), "/integrations", List.of()).connect()) {
                        assertThat(client.requestJson(Events.EXECUTE, execute()).has("result")).isTrue();
                    } finally {
                        host.stop();
                    }
                });
    }

    @Test
    void anApplicationsOwnSocketIoServer_withoutTheSecureDefaults_failsStartupSayingWhatToDo() {
        Configuration configuration = new Configuration();
        configuration.setHostname("127.0.0.1");
        configuration.setPort(0);
        configuration.setAckMode(AckMode.MANUAL);
        runner.withBean(IntegrationBackend.class, TestBackend::new)
                .withBean(SocketIOServer.class, () -> new SocketIOServer(configuration))
                .withPropertyValues("integrations.realtime.allow-anonymous=true", "integrations.realtime.namespace=/integrations")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("make its Configuration with the IntegrationsRealtimeSecureDefaults bean")
                        .rootCause().hasMessageContaining("randomSession is off"));
    }

    /** An application's own netty-socketio server, made as docs/spring-boot.md says. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class HostServer {
        @Bean
        SocketIOServer socketIoServer(IntegrationsRealtimeSecureDefaults secureDefaults) {
            Configuration configuration = new Configuration();
            configuration.setHostname("127.0.0.1");
            configuration.setPort(freePort());
            return new SocketIOServer(secureDefaults.applyTo(configuration));
        }

        private static int freePort() {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
