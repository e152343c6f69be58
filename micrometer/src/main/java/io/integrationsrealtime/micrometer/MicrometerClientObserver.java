package io.integrationsrealtime.micrometer;

import io.integrationsrealtime.client.ClientObserver;
import io.integrationsrealtime.client.ConnectionState;
import io.integrationsrealtime.client.RequestObservation;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.Events;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.RequestReplySenderContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Binds a Java client's {@link ClientObserver} to Micrometer: every request is an
 * {@link Observation} (timed by event and outcome; a span with Micrometer Tracing, whose W3C trace
 * context is sent with executes and tests so that the server's span continues it), and counters of
 * reconnects and gaps. docs/observability.md lists them.
 *
 * <pre>{@code
 * IntegrationsClient client = IntegrationsClient.builder()
 *         .serverUrl(url)
 *         .observer(MicrometerClientObserver.builder(meterRegistry).observationRegistry(observationRegistry).build())
 *         .build();
 * }</pre>
 *
 * <p>The trace context goes out only when the observation registry's tracer propagates W3C Trace
 * Context ({@code traceparent}), the default of Micrometer Tracing's OpenTelemetry bridge and of
 * Spring Boot. Requests are timed by the observation registry's meter handler; without an
 * observation registry this observer makes one that only times them into the meter registry.
 */
public final class MicrometerClientObserver implements ClientObserver {

    private final ObservationRegistry observations;
    private final boolean endpointTag;
    private final Counter reconnects;
    private final Counter roomGaps;
    private final Counter webhookGaps;

    private MicrometerClientObserver(Builder builder) {
        this.observations = Observations.orOwn(builder.observations, builder.meters);
        this.endpointTag = builder.endpointTag;
        this.reconnects = Counter.builder("integrations.realtime.client.reconnects")
                .description("Times the client connected again after its connection dropped")
                .tags(builder.tags).register(builder.meters);
        this.roomGaps = gaps(builder, "integration");
        this.webhookGaps = gaps(builder, "webhooks");
    }

    private static Counter gaps(Builder builder, String room) {
        return Counter.builder("integrations.realtime.client.gaps")
                .description("Re-joins after which the server could not replay everything missed, by room kind")
                .tags(builder.tags).tag("room", room).register(builder.meters);
    }

    /**
     * Starts configuring an observer that records into {@code meters}.
     *
     * @param meters where the counters (and, without an observation registry, the timers) go
     * @return a builder
     * @throws NullPointerException if {@code meters} is null
     */
    public static Builder builder(MeterRegistry meters) {
        return new Builder(meters);
    }

    @Override
    public RequestObservation requestStarted(String event, String endpoint) {
        Map<String, String> carrier = new HashMap<>(4);
        Observation observation = Observation.createNotStarted("integrations.realtime.client.requests", () -> {
            RequestReplySenderContext<Map<String, String>, Object> context =
                    new RequestReplySenderContext<>((map, key, value) -> map.put(key, value));
            context.setCarrier(carrier);
            context.setRemoteServiceName("integrations-realtime");
            return context;
        }, observations).contextualName(endpoint == null ? event : event + " " + endpoint)
                .lowCardinalityKeyValue("event", event);
        if (endpoint != null) {
            if (endpointTag) {
                observation.lowCardinalityKeyValue("endpoint", endpoint);
            } else {
                observation.highCardinalityKeyValue("endpoint", endpoint);
            }
        }
        Observation started = observation.start();
        return new RequestObservation() {
            @Override
            public String traceparent() {
                return carrier.get("traceparent");
            }

            @Override
            public String tracestate() {
                return carrier.get("tracestate");
            }

            @Override
            public void ended(ErrorCode error) {
                Observations.stop(started, error);
            }
        };
    }

    @Override
    public void connectionStateChanged(ConnectionState state, boolean reconnected) {
        if (state == ConnectionState.CONNECTED && reconnected) {
            reconnects.increment();
        }
    }

    @Override
    public void gapDetected(String event) {
        (Events.WEBHOOK_SUBSCRIBE.equals(event) ? webhookGaps : roomGaps).increment();
    }

    /** Options of a {@link MicrometerClientObserver}. */
    public static final class Builder {

        private final MeterRegistry meters;
        private ObservationRegistry observations;
        private boolean endpointTag;
        private Tags tags = Tags.empty();

        private Builder(MeterRegistry meters) {
            this.meters = Objects.requireNonNull(meters, "meters");
        }

        /**
         * Where requests are observed, e.g. the application's registry with Micrometer Tracing's
         * handlers and a meter handler. Default: a registry of this observer's own that only times
         * requests into the meter registry (no spans, no trace context sent).
         *
         * @param registry the observation registry
         * @return this builder
         */
        public Builder observationRegistry(ObservationRegistry registry) {
            this.observations = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Whether request timers of executes and tests carry an {@code endpoint} tag (default
         * false: the endpoint is only a span attribute). Only for a small, fixed set of endpoints.
         *
         * @param enabled true to tag by endpoint
         * @return this builder
         */
        public Builder endpointTag(boolean enabled) {
            this.endpointTag = enabled;
            return this;
        }

        /**
         * Tags added to the counters of this observer (the timers take the observation
         * registry's conventions), e.g. {@code client=dashboard}.
         *
         * @param extra the tags
         * @return this builder
         */
        public Builder tags(Iterable<Tag> extra) {
            this.tags = Tags.of(extra);
            return this;
        }

        /**
         * The observer; give it to {@code IntegrationsClient.Builder.observer(...)}.
         *
         * @return the observer
         */
        public MicrometerClientObserver build() {
            return new MicrometerClientObserver(this);
        }
    }
}
