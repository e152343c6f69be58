package io.integrationsrealtime.micrometer;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.protocol.IntegrationStatus;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.Limits;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import io.integrationsrealtime.server.spi.EndpointCall;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.integrationsrealtime.server.spi.IntegrationRef;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One trace from the Java client's call, through the server, to the host's own outgoing call, with
 * an in-memory OpenTelemetry tracer behind Micrometer Tracing: the client sends its span's W3C
 * context on the wire, the server's span continues it, and the host gets it as trace headers.
 */
class TraceFromClientToBackendTest {

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    private final io.opentelemetry.api.trace.Tracer otelTracer = otel.getTracer("test");
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final ObservationRegistry observations = tracingRegistry();
    private IntegrationsServer server;
    private IntegrationsClient client;

    private ObservationRegistry tracingRegistry() {
        OtelCurrentTraceContext current = new OtelCurrentTraceContext();
        OtelTracer tracer = new OtelTracer(otelTracer, current, event -> { },
                new OtelBaggageManager(current, List.of(), List.of()));
        OtelPropagator propagator = new OtelPropagator(otel.getPropagators(), otelTracer);
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                new DefaultTracingObservationHandler(tracer)));
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        return registry;
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        tracerProvider.close();
    }

    @Test
    void withBackendSpans_oneTraceFromClientSpanToServerSpanToBackendSpanToTheHostsCall() throws Exception {
        CompletableFuture<String> currentInBackend = new CompletableFuture<>();
        startTraced(new UpstreamCallingBackend(currentInBackend), true);

        client.integration(PROJECT, TWEETS).execute("getUserTweets", Map.of("userId", "1"), null).get(10, TimeUnit.SECONDS);

        await().until(() -> exported.getFinishedSpanItems().size() >= 4);
        SpanData clientSpan = span("integration:execute getUserTweets");
        SpanData serverSpan = span("execute getUserTweets");
        SpanData backendSpan = span("backend getUserTweets");
        SpanData upstreamSpan = span("GET upstream");
        assertThat(List.of(serverSpan, backendSpan, upstreamSpan))
                .allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(clientSpan.getTraceId()));
        assertThat(serverSpan.getParentSpanId()).isEqualTo(clientSpan.getSpanId());
        assertThat(backendSpan.getParentSpanId()).isEqualTo(serverSpan.getSpanId());
        assertThat(upstreamSpan.getParentSpanId()).isEqualTo(backendSpan.getSpanId());
        assertThat(clientSpan.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(serverSpan.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(backendSpan.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(List.of(serverSpan, backendSpan)).allSatisfy(span -> assertThat(attributes(span))
                .containsEntry("kind", "execute").containsEntry("endpoint", "getUserTweets").containsEntry("outcome", "OK"));
        // While the host's method runs, the backend span is current: instrumented clients it calls join the trace.
        assertThat(currentInBackend.get(5, TimeUnit.SECONDS)).isEqualTo(backendSpan.getSpanId());

        assertThat(meters.get("integrations.realtime.server.runs").tag("kind", "execute").tag("outcome", "OK")
                .timer().count()).isEqualTo(1);
        assertThat(meters.get("integrations.realtime.server.backend").tag("outcome", "OK").timer().count()).isEqualTo(1);
        assertThat(meters.get("integrations.realtime.client.requests").tag("event", "integration:execute")
                .tag("outcome", "OK").timer().count()).isEqualTo(1);
        assertThat(meters.find("integrations.realtime.server.runs").tag("endpoint", "getUserTweets").timer())
                .as("endpoint names are no tag unless opted in").isNull();
    }

    @Test
    void byDefault_oneSpanPerRun_theServerSpanIsCurrentInTheHostsCall_andTheHostsCallIsStillTimed() throws Exception {
        CompletableFuture<String> currentInBackend = new CompletableFuture<>();
        CompletableFuture<Map<String, String>> headersInBackend = new CompletableFuture<>();
        startTraced(new InstrumentedClientBackend(currentInBackend, headersInBackend), false);

        client.integration(PROJECT, TWEETS).execute("getUserTweets", Map.of("userId", "1"), null).get(10, TimeUnit.SECONDS);

        await().until(() -> exported.getFinishedSpanItems().size() >= 3);
        SpanData clientSpan = span("integration:execute getUserTweets");
        SpanData serverSpan = span("execute getUserTweets");
        SpanData upstreamSpan = span("GET upstream");
        assertThat(serverSpan.getParentSpanId()).isEqualTo(clientSpan.getSpanId());
        // The host's instrumented client continues the current span: the server's.
        assertThat(upstreamSpan.getParentSpanId()).isEqualTo(serverSpan.getSpanId());
        assertThat(upstreamSpan.getTraceId()).isEqualTo(clientSpan.getTraceId());
        assertThat(currentInBackend.get(5, TimeUnit.SECONDS)).isEqualTo(serverSpan.getSpanId());
        // No backend span to name as parent: the host's trace headers are the client's context as it came.
        assertThat(headersInBackend.get(5, TimeUnit.SECONDS).get("traceparent"))
                .startsWith("00-" + clientSpan.getTraceId() + "-" + clientSpan.getSpanId() + "-");
        assertThat(exported.getFinishedSpanItems()).extracting(SpanData::getName).doesNotContain("backend getUserTweets");

        assertThat(meters.get("integrations.realtime.server.runs").tag("kind", "execute").tag("outcome", "OK")
                .timer().count()).isEqualTo(1);
        assertThat(meters.get("integrations.realtime.server.backend").tag("kind", "execute").tag("outcome", "OK")
                .timer().count()).isEqualTo(1);
        assertThat(meters.get("integrations.realtime.server.backend.active").tag("kind", "execute").longTaskTimer()
                .activeTasks()).isZero();
    }

    @Test
    void failedExecute_endsEverySpanAsAnError() throws Exception {
        startTraced(new TestBackend(), false);

        client.integration(PROJECT, TWEETS).execute("upstreamDown", null, null).handle((v, e) -> e).get(10, TimeUnit.SECONDS);

        await().until(() -> exported.getFinishedSpanItems().size() >= 2);
        assertThat(exported.getFinishedSpanItems()).extracting(SpanData::getName)
                .containsExactlyInAnyOrder("integration:execute upstreamDown", "execute upstreamDown");
        assertThat(exported.getFinishedSpanItems()).allSatisfy(span -> {
            assertThat(span.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
            assertThat(span.getAttributes().asMap().toString()).contains("outcome=UPSTREAM_ERROR");
        });
        assertThat(meters.get("integrations.realtime.server.requests").tag("event", "integration:execute")
                .tag("outcome", "UPSTREAM_ERROR").timer().count()).isEqualTo(1);
    }

    @Test
    void manyEndpoints_eachRunIsNamedAndTaggedByItsOwn() throws Exception {
        server = TestAuth.server(new TestBackend()).limits(Limits.DEFAULTS.withRate(1000, 1000))
                .observer(MicrometerServerObserver.builder(meters).observationRegistry(observations).backendSpans(true).build())
                .build().start();
        client = IntegrationsClient.builder().serverUrl("http://127.0.0.1:" + server.port()).token(TestAuth.TOKEN).build();
        client.connect().get(10, TimeUnit.SECONDS);
        // More endpoints than the observer keeps names for: the last ones are named per run.
        int endpoints = MicrometerServerObserver.SHAPES + 3;
        for (int i = 0; i < endpoints; i++) {
            client.integration(PROJECT, TWEETS).execute("e" + i, null, null).handle((v, e) -> e).get(10, TimeUnit.SECONDS);
        }

        await().until(() -> exported.getFinishedSpanItems().size() >= 2 * endpoints);
        for (int i : new int[] {0, MicrometerServerObserver.SHAPES - 1, endpoints - 1}) {
            for (SpanData span : List.of(span("execute e" + i), span("backend e" + i))) {
                assertThat(attributes(span)).containsEntry("kind", "execute").containsEntry("endpoint", "e" + i)
                        .containsEntry("outcome", "NOT_FOUND");
                assertThat(span.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
            }
        }
    }

    /** A server and a client, both observed through the tracing registry, the client connected. */
    private void startTraced(IntegrationBackend backend, boolean backendSpans) throws Exception {
        server = TestAuth.server(backend)
                .observer(MicrometerServerObserver.builder(meters).observationRegistry(observations)
                        .backendSpans(backendSpans).build())
                .build().start();
        client = IntegrationsClient.builder().serverUrl("http://127.0.0.1:" + server.port()).token(TestAuth.TOKEN)
                .observer(MicrometerClientObserver.builder(meters).observationRegistry(observations).build())
                .build();
        client.connect().get(10, TimeUnit.SECONDS);
    }

    private static Map<String, String> attributes(SpanData span) {
        Map<String, String> byKey = new java.util.HashMap<>();
        span.getAttributes().forEach((key, value) -> byKey.put(key.getKey(), String.valueOf(value)));
        return byKey;
    }

    private SpanData span(String name) {
        return exported.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + exported.getFinishedSpanItems()));
    }

    /** A host whose HTTP client is instrumented: its span continues whatever span is current. */
    private final class InstrumentedClientBackend extends DelegatingBackend {
        private final CompletableFuture<String> currentInBackend;
        private final CompletableFuture<Map<String, String>> headersInBackend;

        private InstrumentedClientBackend(CompletableFuture<String> currentInBackend,
                                          CompletableFuture<Map<String, String>> headersInBackend) {
            this.currentInBackend = currentInBackend;
            this.headersInBackend = headersInBackend;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(EndpointCall call) {
            currentInBackend.complete(Span.current().getSpanContext().getSpanId());
            headersInBackend.complete(call.traceHeaders());
            otelTracer.spanBuilder("GET upstream").setSpanKind(SpanKind.CLIENT).startSpan().end();
            return delegate.execute(call);
        }
    }

    /** TestBackend's answers, for hosts that only change what {@code execute} does around them. */
    private abstract static class DelegatingBackend implements IntegrationBackend {
        final TestBackend delegate = new TestBackend();

        @Override
        public CompletionStage<Boolean> exists(IntegrationRef integration) {
            return delegate.exists(integration);
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

    /** A host that calls "upstream" over HTTP as it should: a client span continuing the call's trace headers. */
    private final class UpstreamCallingBackend extends DelegatingBackend {
        private final CompletableFuture<String> currentInBackend;

        private UpstreamCallingBackend(CompletableFuture<String> currentInBackend) {
            this.currentInBackend = currentInBackend;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(EndpointCall call) {
            currentInBackend.complete(Span.current().getSpanContext().getSpanId());
            Context parent = otel.getPropagators().getTextMapPropagator()
                    .extract(Context.root(), call.traceHeaders(), new TextMapGetter<Map<String, String>>() {
                        @Override
                        public Iterable<String> keys(Map<String, String> carrier) {
                            return carrier.keySet();
                        }

                        @Override
                        public String get(Map<String, String> carrier, String key) {
                            return carrier == null ? null : carrier.get(key);
                        }
                    });
            Span upstream = otelTracer.spanBuilder("GET upstream").setParent(parent).setSpanKind(SpanKind.CLIENT).startSpan();
            upstream.end();
            return delegate.execute(call);
        }
    }
}
