package io.integrationsrealtime.micrometer;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.server.observe.Refusal;
import io.integrationsrealtime.server.observe.RoomKind;
import io.integrationsrealtime.server.observe.RunKind;
import io.integrationsrealtime.server.observe.RunObservation;
import io.integrationsrealtime.server.observe.ServerObserver;
import io.integrationsrealtime.server.observe.ServerState;
import io.integrationsrealtime.server.observe.ServerView;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.RequestReplyReceiverContext;
import io.micrometer.observation.transport.RequestReplySenderContext;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Binds a server's {@link ServerObserver} to Micrometer: meters for connections, room memberships,
 * requests, refusals, replays, webhook mirrors, the backplane and the server's state, and an
 * {@link Observation} for every execute and test (and, {@linkplain Builder#backendSpans if asked}, a
 * child for the host's call), which Micrometer Tracing turns into spans continuing the client's W3C
 * trace context. docs/observability.md lists every meter and span.
 *
 * <pre>{@code
 * IntegrationsServer server = IntegrationsServer.builder(backend)
 *         .observer(MicrometerServerObserver.builder(meterRegistry).observationRegistry(observationRegistry).build())
 *         ...
 * }</pre>
 *
 * <p>Runs are timed by the observation registry's meter handler (Spring Boot registers one); without
 * an observation registry this observer times them straight into the meter registry, with the
 * same meters and tags that handler makes, at a fraction of the cost (no spans then). Tags are bounded: event names, error codes and enums; the endpoint only when
 * {@linkplain Builder#endpointTag(boolean) opted in}; never an id. One observer per server: its
 * gauges read the server it is attached to.
 */
public final class MicrometerServerObserver implements ServerObserver {

    /** How many endpoints' names and key values are kept (clients name endpoints: the map must not grow without end). */
    static final int SHAPES = 256;

    private final MeterRegistry meters;
    /** The application's observation registry, or null: then {@link #timers} time runs. */
    private final ObservationRegistry observations;
    /** Times runs without an observation registry, and host calls when there are no backend spans; else null. */
    private final RunTimers timers;
    private final boolean backendSpans;
    private final boolean endpointTag;
    private final Tags tags;
    /** Per event, the request timer of each outcome (slot 0: OK; then by error code), made on first use. */
    private final Map<String, AtomicReferenceArray<Timer>> requestTimers = new ConcurrentHashMap<>();
    private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);
    private final Counter outages;
    /** Per endpoint, the shape of its runs of each kind, made on first use; at most {@link #SHAPES} endpoints. */
    private final Map<String, RunShape[]> shapes = new ConcurrentHashMap<>();

    private MicrometerServerObserver(Builder builder) {
        this.meters = builder.meters;
        this.observations = builder.observations;
        this.endpointTag = builder.endpointTag;
        this.tags = builder.tags;
        this.backendSpans = builder.backendSpans;
        this.timers = observations == null || !backendSpans ? new RunTimers(meters, tags, endpointTag) : null;
        for (Refusal reason : Refusal.values()) {
            refusals.put(reason, Counter.builder("integrations.realtime.server.refusals")
                    .description("Requests and connections turned away, by reason")
                    .tags(tags).tag("reason", lower(reason)).register(meters));
        }
        outages = Counter.builder("integrations.realtime.server.backplane.outages")
                .description("Times the cluster backplane became unreachable").tags(tags).register(meters);
    }

    /**
     * Starts configuring an observer that records into {@code meters}.
     *
     * @param meters where the meters go, e.g. Spring Boot's {@code MeterRegistry}
     * @return a builder
     * @throws NullPointerException if {@code meters} is null
     */
    public static Builder builder(MeterRegistry meters) {
        return new Builder(meters);
    }

    @Override
    public void attached(ServerView server) {
        Gauge.builder("integrations.realtime.server.connections", server, ServerView::connections)
                .description("Sockets connected to this node, authenticated or authenticating").tags(tags)
                .register(meters);
        Gauge.builder("integrations.realtime.server.room.memberships", server, ServerView::roomMemberships)
                .description("Sockets in integration rooms and webhook mirrors on this node").tags(tags)
                .register(meters);
        Gauge.builder("integrations.realtime.server.backplane.available", server, view -> view.backplaneAvailable() ? 1 : 0)
                .description("1 while the cluster backplane is reachable (always, without one), else 0").tags(tags)
                .register(meters);
        for (ServerState state : ServerState.values()) {
            Gauge.builder("integrations.realtime.server.state", server, view -> view.state() == state ? 1 : 0)
                    .description("1 for the server's current state, 0 for the others").tags(tags)
                    .tag("state", lower(state)).register(meters);
        }
    }

    @Override
    public void requestAnswered(String event, ErrorCode error, long durationNanos) {
        AtomicReferenceArray<Timer> byOutcome = requestTimers.computeIfAbsent(event,
                name -> new AtomicReferenceArray<>(ErrorCode.values().length + 1));
        int slot = error == null ? 0 : error.ordinal() + 1;
        Timer timer = byOutcome.get(slot);
        if (timer == null) {
            // A race only looks the same timer up twice: the registry returns the one it has.
            timer = Timer.builder("integrations.realtime.server.requests")
                    .description("Requests from clients, by event and outcome (OK or the error code sent)")
                    .tags(tags).tag("event", event).tag("outcome", Observations.outcome(error)).register(meters);
            byOutcome.set(slot, timer);
        }
        timer.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void refused(Refusal reason) {
        refusals.get(reason).increment();
    }

    @Override
    public RunObservation runStarted(RunKind kind, String endpoint, String traceparent, String tracestate) {
        if (observations == null) {
            return timers.start(kind, endpoint);
        }
        RunShape shape = shape(kind, endpoint);
        Observation run = Observation.createNotStarted("integrations.realtime.server.runs",
                new Incoming(traceparent, tracestate), observations).contextualName(shape.runName);
        shape.tag(run);
        return backendSpans ? new Run(run.start(), shape) : new RunWithoutBackendSpan(run.start(), kind, endpoint);
    }

    /**
     * The names and key values of a run of {@code kind} on {@code endpoint}: kept per endpoint, as
     * every execute would otherwise build the same strings and key values again (a client names
     * the endpoint, so only the first {@value #SHAPES} endpoints are kept; others are built per run).
     */
    private RunShape shape(RunKind kind, String endpoint) {
        RunShape[] byKind = shapes.get(endpoint);
        if (byKind == null) {
            if (shapes.size() >= SHAPES) {
                return new RunShape(kind, endpoint);
            }
            byKind = shapes.computeIfAbsent(endpoint, name -> new RunShape[RunKind.values().length]);
        }
        RunShape shape = byKind[kind.ordinal()];
        if (shape == null) {
            // A race only builds an equal shape twice.
            shape = new RunShape(kind, endpoint);
            byKind[kind.ordinal()] = shape;
        }
        return shape;
    }

    @Override
    public void replayed(RoomKind room, int events, boolean gap) {
        Counter.builder("integrations.realtime.server.replays")
                .description("Re-joins and re-subscribes that asked for missed events, by room kind and gap")
                .tags(tags).tag("room", lower(room)).tag("gap", String.valueOf(gap)).register(meters).increment();
        Counter.builder("integrations.realtime.server.replayed.events")
                .description("Events sent again to re-joining sockets").tags(tags).tag("room", lower(room))
                .register(meters).increment(events);
    }

    @Override
    public void webhookMirrored(ErrorCode error) {
        Counter.builder("integrations.realtime.server.webhooks")
                .description("Inbound webhooks published to their mirrors, by outcome")
                .tags(tags).tag("outcome", Observations.outcome(error)).register(meters).increment();
    }

    @Override
    public void backplaneAvailabilityChanged(boolean available) {
        if (!available) {
            outages.increment();
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The contextual names and key values of the runs of one kind on one endpoint. */
    private final class RunShape {
        private final String runName;
        private final String backendName;
        private final KeyValues low;
        private final KeyValues high;

        private RunShape(RunKind kind, String endpoint) {
            this.runName = lower(kind) + " " + endpoint;
            this.backendName = "backend " + endpoint;
            KeyValues own = KeyValues.of(tags.stream().map(tag -> KeyValue.of(tag.getKey(), tag.getValue()))
                    .toArray(KeyValue[]::new)).and("kind", lower(kind));
            this.low = endpointTag ? own.and("endpoint", endpoint) : own;
            this.high = endpointTag ? KeyValues.empty() : KeyValues.of("endpoint", endpoint);
        }

        void tag(Observation observation) {
            observation.lowCardinalityKeyValues(low).highCardinalityKeyValues(high);
        }
    }

    /**
     * The client's trace context as the carrier the receiving tracing handler reads, and the
     * supplier of the run's context: one object per run instead of a map and a lambda.
     */
    private record Incoming(String traceparent, String tracestate)
            implements Supplier<RequestReplyReceiverContext<Incoming, Object>> {

        @Override
        public RequestReplyReceiverContext<Incoming, Object> get() {
            RequestReplyReceiverContext<Incoming, Object> context = new RequestReplyReceiverContext<>(Incoming::header);
            context.setCarrier(this);
            return context;
        }

        private static String header(Incoming carrier, String key) {
            return switch (key) {
                case "traceparent" -> carrier.traceparent;
                // Only with a traceparent, as server-core passes it (and tracers read it).
                case "tracestate" -> carrier.traceparent == null ? null : carrier.tracestate;
                default -> null;
            };
        }
    }

    /** One run's server observation, and the scope opened while the host's method runs. */
    private abstract static class ObservedRun implements RunObservation {
        final Observation run;
        Observation.Scope scope;

        ObservedRun(Observation run) {
            this.run = run;
        }

        @Override
        public void backendReturned() {
            Observation.Scope opened = scope;
            if (opened != null) {
                scope = null;
                opened.close();
            }
        }

        @Override
        public void ended(ErrorCode error) {
            Observations.stop(run, error);
        }
    }

    /** One run: its server observation and, while the host works, the backend's child. */
    private final class Run extends ObservedRun {
        private final RunShape shape;
        private volatile Observation backend;

        private Run(Observation run, RunShape shape) {
            super(run);
            this.shape = shape;
        }

        @Override
        public Map<String, String> backendStarting() {
            Map<String, String> outgoing = new HashMap<>(4);
            Observation child = Observation.createNotStarted("integrations.realtime.server.backend", () -> {
                RequestReplySenderContext<Map<String, String>, Object> context =
                        new RequestReplySenderContext<>(Map::put);
                context.setCarrier(outgoing);
                context.setRemoteServiceName("integration-backend");
                return context;
            }, observations).contextualName(shape.backendName).parentObservation(run);
            shape.tag(child);
            backend = child.start();
            scope = child.openScope();
            return outgoing;
        }

        @Override
        public void backendEnded(ErrorCode error) {
            Observation child = backend;
            if (child != null) {
                Observations.stop(child, error);
            }
        }
    }

    /**
     * One run without a backend span: the server span is current while the host works, and the
     * host's call is timed straight into the meter registry (the same {@code backend} meters).
     */
    private final class RunWithoutBackendSpan extends ObservedRun {
        private final RunKind kind;
        private final String endpoint;
        private volatile RunTimers.BackendTiming backend;

        private RunWithoutBackendSpan(Observation run, RunKind kind, String endpoint) {
            super(run);
            this.kind = kind;
            this.endpoint = endpoint;
        }

        @Override
        public Map<String, String> backendStarting() {
            backend = timers.backend(kind, endpoint);
            scope = run.openScope();
            return Map.of();
        }

        @Override
        public void backendEnded(ErrorCode error) {
            RunTimers.BackendTiming timing = backend;
            if (timing != null) {
                timing.ended(error);
            }
        }
    }

    /** Options of a {@link MicrometerServerObserver}. */
    public static final class Builder {

        private final MeterRegistry meters;
        private ObservationRegistry observations;
        private boolean endpointTag;
        private boolean backendSpans;
        private Tags tags = Tags.empty();

        private Builder(MeterRegistry meters) {
            this.meters = Objects.requireNonNull(meters, "meters");
        }

        /**
         * Where executes and tests are observed, e.g. the application's registry with Micrometer
         * Tracing's handlers (spans) and a meter handler (timers), as Spring Boot configures it.
         * Default: none; runs are then timed straight into the meter registry (the same timers a
         * meter handler makes, cheaper), and nothing else sees them.
         *
         * @param registry the observation registry
         * @return this builder
         */
        public Builder observationRegistry(ObservationRegistry registry) {
            this.observations = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Whether runs' timers carry an {@code endpoint} tag (default false: the endpoint is only a
         * span attribute). Turn it on only when the host's endpoint catalog is small and fixed:
         * every endpoint name becomes a time series per outcome.
         *
         * @param enabled true to tag by endpoint
         * @return this builder
         */
        public Builder endpointTag(boolean enabled) {
            this.endpointTag = enabled;
            return this;
        }

        /**
         * Whether each execute and test, besides its server span, gets a {@code backend} span for
         * the host's call (default false: one span per run, as RPC server instrumentation has it).
         * Without it, the server span is the current one while the host works (spans of the host's
         * instrumented clients are its children), the {@code backend} timers are still recorded
         * (timed straight into the meter registry), and {@code EndpointCall.traceHeaders()} carry
         * the client's trace context as it came (the same trace, with the client's span as
         * parent). With it, the host's call is a span of its own with its outcome, its children
         * and {@code traceHeaders()} continue from it, and tracing costs about twice as much per
         * execute (docs/observability.md). No effect without an
         * {@link #observationRegistry observation registry}.
         *
         * @param enabled true for a backend span under each run's server span
         * @return this builder
         */
        public Builder backendSpans(boolean enabled) {
            this.backendSpans = enabled;
            return this;
        }

        /**
         * Tags added to every meter of this observer, e.g. to tell two servers of one application
         * apart ({@code server=public}); most applications set common tags on the registry instead.
         *
         * @param extra the tags
         * @return this builder
         */
        public Builder tags(Iterable<Tag> extra) {
            this.tags = Tags.of(extra);
            return this;
        }

        /**
         * The observer; give it to {@code IntegrationsServer.Builder.observer(...)} of one server.
         *
         * @return the observer
         */
        public MicrometerServerObserver build() {
            return new MicrometerServerObserver(this);
        }
    }
}
