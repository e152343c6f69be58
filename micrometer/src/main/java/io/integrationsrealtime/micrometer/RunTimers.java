package io.integrationsrealtime.micrometer;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.server.observe.RunKind;
import io.integrationsrealtime.server.observe.RunObservation;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs timed straight into the meter registry, for an observer given no observation registry:
 * the same {@code runs}, {@code runs.active}, {@code backend} and {@code backend.active} meters,
 * names and tags that Micrometer's {@code DefaultMeterObservationHandler} makes from our
 * observations, but each meter looked up once and kept, instead of two observations per run whose
 * handler builds tags and looks four meters up in the registry every time (measured: about half of
 * what metrics cost per execute; docs/benchmarks.md).
 */
final class RunTimers {

    private static final String RUNS = "integrations.realtime.server.runs";
    private static final String BACKEND = "integrations.realtime.server.backend";
    /** Slot 0: OK; then one per error code. */
    private static final int OUTCOMES = ErrorCode.values().length + 1;

    private final MeterRegistry meters;
    private final Tags common;
    private final boolean endpointTag;
    /** Per endpoint ("" without the endpoint tag), the meters of each run kind. */
    private final Map<String, Meters[]> byEndpoint = new ConcurrentHashMap<>();

    RunTimers(MeterRegistry meters, Tags common, boolean endpointTag) {
        this.meters = meters;
        this.common = common;
        this.endpointTag = endpointTag;
    }

    RunObservation start(RunKind kind, String endpoint) {
        return new Timed(meters(kind, endpoint));
    }

    /** Times only the host's call, for a run whose own timers come from an observation's meter handler. */
    BackendTiming backend(RunKind kind, String endpoint) {
        return new BackendTiming(meters(kind, endpoint));
    }

    private Meters meters(RunKind kind, String endpoint) {
        Meters[] kinds = byEndpoint.computeIfAbsent(endpointTag ? endpoint : "", key -> new Meters[RunKind.values().length]);
        Meters run = kinds[kind.ordinal()];
        if (run == null) {
            // A race only makes the same meters twice: the registry returns the ones it has.
            run = new Meters(kind, endpointTag ? endpoint : null);
            kinds[kind.ordinal()] = run;
        }
        return run;
    }

    /** The meters of one run kind (and endpoint, when tagged). */
    private final class Meters {
        private final Tags tags;
        private final LongTaskTimer runsActive;
        private final LongTaskTimer backendActive;
        private final AtomicReferenceArray<Timer> runs = new AtomicReferenceArray<>(OUTCOMES);
        private final AtomicReferenceArray<Timer> backend = new AtomicReferenceArray<>(OUTCOMES);

        private Meters(RunKind kind, String endpoint) {
            Tags own = common.and("kind", kind.name().toLowerCase(Locale.ROOT));
            this.tags = endpoint == null ? own : own.and("endpoint", endpoint);
            this.runsActive = LongTaskTimer.builder(RUNS + ".active").tags(tags).register(meters);
            this.backendActive = LongTaskTimer.builder(BACKEND + ".active").tags(tags).register(meters);
        }

        Timer timer(String name, AtomicReferenceArray<Timer> table, ErrorCode error) {
            int slot = error == null ? 0 : error.ordinal() + 1;
            Timer timer = table.get(slot);
            if (timer == null) {
                timer = Timer.builder(name).tags(tags).tag("outcome", Observations.outcome(error))
                        .tag("error", error == null ? "none" : Observations.FailedOutcome.class.getSimpleName())
                        .register(meters);
                table.set(slot, timer);
            }
            return timer;
        }
    }

    /** One host call: its start time and active sample. */
    final class BackendTiming {
        private final Meters of;
        private final long started;
        private final LongTaskTimer.Sample active;

        private BackendTiming(Meters of) {
            this.of = of;
            this.active = of.backendActive.start();
            this.started = now();
        }

        void ended(ErrorCode error) {
            of.timer(BACKEND, of.backend, error).record(now() - started, TimeUnit.NANOSECONDS);
            active.stop();
        }
    }

    /** One run: its start time and active samples. */
    private final class Timed implements RunObservation {
        private final Meters of;
        private final long started;
        private final LongTaskTimer.Sample active;
        private volatile BackendTiming backend;

        private Timed(Meters of) {
            this.of = of;
            this.active = of.runsActive.start();
            this.started = now();
        }

        @Override
        public Map<String, String> backendStarting() {
            backend = new BackendTiming(of);
            return Map.of();
        }

        @Override
        public void backendEnded(ErrorCode error) {
            BackendTiming timing = backend;
            if (timing != null) {
                timing.ended(error);
            }
        }

        @Override
        public void ended(ErrorCode error) {
            of.timer(RUNS, of.runs, error).record(now() - started, TimeUnit.NANOSECONDS);
            active.stop();
        }
    }

    private long now() {
        return meters.config().clock().monotonicTime();
    }
}
