package io.integrationsrealtime.server;

import static io.integrationsrealtime.server.TestBackend.PAYMENTS;
import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.server.observe.Refusal;
import io.integrationsrealtime.server.observe.RoomKind;
import io.integrationsrealtime.server.observe.RunKind;
import io.integrationsrealtime.server.observe.RunObservation;
import io.integrationsrealtime.server.observe.ServerObserver;
import io.integrationsrealtime.server.observe.ServerState;
import io.integrationsrealtime.server.observe.ServerView;
import io.integrationsrealtime.server.spi.EndpointCall;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.integrationsrealtime.server.spi.IntegrationRef;
import io.integrationsrealtime.protocol.IntegrationStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a {@link ServerObserver} is told, over real sockets; and the trace headers a host gets. */
class ObservedServerTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final List<String> EVENTS = List.of(Events.JOINED, Events.EXECUTION_COMPLETED, Events.ERROR);

    private final Recorder recorder = new Recorder();
    private final CallRecordingBackend backend = new CallRecordingBackend();
    private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private IntegrationsServer start(IntegrationsServer.Builder builder) {
        IntegrationsServer server = builder.build();
        closing.add(server);
        return server.start();
    }

    private RawClient client(IntegrationsServer server) {
        RawClient client = new RawClient(server.port(), EVENTS).connect();
        closing.add(0, client);
        return client;
    }

    private static JSONObject ids(String integrationId) {
        return new JSONObject().put("projectId", PROJECT).put("integrationId", integrationId);
    }

    @Test
    void executeAndTest_areToldAsRequestsAndRuns_withTheHostsOwnOutcome() {
        IntegrationsServer server = start(TestAuth.server(backend).observer(recorder));
        RawClient client = client(server);

        client.requestJson(Events.EXECUTE, ids(TWEETS).put("endpoint", "getUserTweets").put("traceparent", TRACEPARENT)
                .put("tracestate", "vendor=abc"));
        client.requestJson(Events.EXECUTE, ids(TWEETS).put("endpoint", "upstreamDown"));
        client.requestJson(Events.TEST, ids(PAYMENTS));

        await().untilAsserted(() -> assertThat(recorder.log).contains(
                "answered integration:execute OK", "answered integration:execute UPSTREAM_ERROR",
                "answered integration:test UPSTREAM_ERROR"));
        assertThat(recorder.log).containsSubsequence(
                "run EXECUTE getUserTweets " + TRACEPARENT + " vendor=abc", "backend starting", "backend returned",
                "backend ended OK", "run ended OK");
        assertThat(recorder.log).containsSubsequence("run EXECUTE upstreamDown null null", "backend starting",
                "backend returned", "backend ended UPSTREAM_ERROR", "run ended UPSTREAM_ERROR");
        assertThat(recorder.log).contains("run TEST healthCheck null null");
        // The observer's trace headers reach the host (its backend span), not the client's own.
        assertThat(backend.calls.get(0).traceHeaders()).containsEntry("traceparent", Recorder.BACKEND_TRACEPARENT);
    }

    @Test
    void withoutObserver_theHostGetsTheClientsWellFormedTraceContext_andNothingForAMalformedOne() {
        IntegrationsServer server = start(TestAuth.server(backend));
        RawClient client = client(server);

        client.requestJson(Events.EXECUTE, ids(TWEETS).put("endpoint", "getUserTweets").put("traceparent", TRACEPARENT)
                .put("tracestate", "vendor=abc"));
        client.requestJson(Events.EXECUTE, ids(TWEETS).put("endpoint", "getUserTweets")
                .put("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01").put("tracestate", "x=y"));
        JSONObject wrongType = client.requestJson(Events.EXECUTE, ids(TWEETS).put("endpoint", "getUserTweets")
                .put("traceparent", 42));

        assertThat(backend.calls.get(0).traceHeaders())
                .isEqualTo(Map.of("traceparent", TRACEPARENT, "tracestate", "vendor=abc"));
        assertThat(backend.calls.get(1).traceHeaders()).isEmpty();
        assertThat(wrongType.getJSONObject("error").getString("code")).isEqualTo("INVALID_REQUEST");
        assertThat(backend.calls).hasSize(2);
    }

    @Test
    void refusals_areToldWithTheirReason() {
        IntegrationsServer server = start(TestAuth.server(backend).observer(recorder)
                .limits(Limits.DEFAULTS.withMaxRooms(1)));
        RawClient client = client(server);
        client.requestJson(Events.JOIN, ids(TWEETS));

        JSONObject refused = client.requestJson(Events.JOIN, ids(PAYMENTS));
        RawClient intruder = new RawClient(server.port(), "/", EVENTS, options -> options.setAuth(Map.of("token", "wrong")));
        closing.add(0, intruder);
        assertThat(intruder.connectFails()).isTrue();

        assertThat(refused.getJSONObject("error").getString("code")).isEqualTo("LIMIT_EXCEEDED");
        await().untilAsserted(() -> assertThat(recorder.log).contains("refused ROOM_LIMIT",
                "answered integration:join LIMIT_EXCEEDED", "refused UNAUTHENTICATED"));
    }

    @Test
    void stateGaugesReplayAndWebhooks_areVisibleThroughTheView() {
        IntegrationsServer server = TestAuth.server(backend).observer(recorder).build();
        closing.add(server);
        assertThat(server.state()).isEqualTo(ServerState.STARTING);
        server.start();
        RawClient client = client(server);
        client.requestJson(Events.JOIN, ids(TWEETS));
        client.requestJson(Events.WEBHOOK_SUBSCRIBE, ids(TWEETS));
        long usageSeq = server.publishUsage(TestBackend.TWEETS_REF, Map.of("requests", 1)).seq();
        server.publishWebhook(TestBackend.TWEETS_REF, "stripe.invoice.paid", Map.of());

        ServerView view = recorder.view;
        assertThat(view.connections()).isEqualTo(1);
        assertThat(view.roomMemberships()).isEqualTo(2);
        assertThat(view.backplaneAvailable()).isTrue();
        client.requestJson(Events.JOIN, ids(TWEETS).put("lastSeq", usageSeq - 1));
        // The observer is told right after the reply goes out.
        await().untilAsserted(() -> assertThat(recorder.log).contains("webhook OK", "replayed INTEGRATION 1 false"));

        server.shutdown(Duration.ofSeconds(5));
        assertThat(server.state()).isEqualTo(ServerState.STOPPED);
        assertThat(recorder.log).containsSubsequence("state STARTING", "state SERVING", "state DRAINING", "state STOPPED");
    }

    /** Records what it is told as lines, and gives runs trace headers of its own. */
    static final class Recorder implements ServerObserver {
        static final String BACKEND_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01";
        final List<String> log = new CopyOnWriteArrayList<>();
        volatile ServerView view;

        @Override
        public void attached(ServerView server) {
            view = server;
        }

        @Override
        public void stateChanged(ServerState state) {
            log.add("state " + state);
        }

        @Override
        public void requestAnswered(String event, ErrorCode error, long durationNanos) {
            // An assertion here would be swallowed (observers' exceptions are logged): a bad duration shows in the line.
            log.add("answered " + event + " " + (error == null ? "OK" : error) + (durationNanos > 0 ? "" : " without duration"));
        }

        @Override
        public void refused(Refusal reason) {
            log.add("refused " + reason);
        }

        @Override
        public RunObservation runStarted(RunKind kind, String endpoint, String traceparent, String tracestate) {
            log.add("run " + kind + " " + endpoint + " " + traceparent + " " + tracestate);
            return new RunObservation() {
                @Override
                public Map<String, String> backendStarting() {
                    log.add("backend starting");
                    return Map.of("traceparent", BACKEND_TRACEPARENT);
                }

                @Override
                public void backendReturned() {
                    log.add("backend returned");
                }

                @Override
                public void backendEnded(ErrorCode error) {
                    log.add("backend ended " + (error == null ? "OK" : error));
                }

                @Override
                public void ended(ErrorCode error) {
                    log.add("run ended " + (error == null ? "OK" : error));
                }
            };
        }

        @Override
        public void replayed(RoomKind room, int events, boolean gap) {
            log.add("replayed " + room + " " + events + " " + gap);
        }

        @Override
        public void webhookMirrored(ErrorCode error) {
            log.add("webhook " + (error == null ? "OK" : error));
        }
    }

    /** The test backend, keeping every EndpointCall it was given. */
    static final class CallRecordingBackend implements IntegrationBackend {
        private final TestBackend delegate = new TestBackend();
        final List<EndpointCall> calls = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Boolean> exists(IntegrationRef integration) {
            return delegate.exists(integration);
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(EndpointCall call) {
            calls.add(call);
            return delegate.execute(call);
        }

        @Override
        public CompletionStage<Map<String, Object>> healthCheck(IntegrationRef integration) {
            return delegate.healthCheck(integration);
        }

        @Override
        public CompletionStage<IntegrationStatus> status(IntegrationRef integration) {
            return delegate.status(integration);
        }
    }
}
