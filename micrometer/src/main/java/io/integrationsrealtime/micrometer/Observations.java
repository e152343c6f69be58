package io.integrationsrealtime.micrometer;

import io.integrationsrealtime.protocol.ErrorCode;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/** What the server and client bindings share: their observation registry, and how an outcome is recorded. */
final class Observations {

    /** The {@code outcome} of a request or run that succeeded; failures carry their error code. */
    static final String OK = "OK";

    private Observations() {
    }

    /**
     * The given registry, or one of our own whose only handler times observations into
     * {@code meters}: without an application registry, runs and requests are still timed.
     */
    static ObservationRegistry orOwn(ObservationRegistry given, MeterRegistry meters) {
        if (given != null) {
            return given;
        }
        ObservationRegistry own = ObservationRegistry.create();
        own.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        return own;
    }

    /** The {@code outcome} key value of each outcome (slot 0: OK; then by error code), made once. */
    private static final KeyValue[] OUTCOMES = new KeyValue[ErrorCode.values().length + 1];

    static {
        OUTCOMES[0] = KeyValue.of("outcome", OK);
        for (ErrorCode code : ErrorCode.values()) {
            OUTCOMES[code.ordinal() + 1] = KeyValue.of("outcome", code.wireName());
        }
    }

    static String outcome(ErrorCode error) {
        return error == null ? OK : error.wireName();
    }

    /** Records the outcome as a tag (and, for a failure, as the observation's error), then stops it. */
    static void stop(Observation observation, ErrorCode error) {
        observation.lowCardinalityKeyValue(OUTCOMES[error == null ? 0 : error.ordinal() + 1]);
        if (error != null) {
            observation.error(new FailedOutcome(error));
        }
        observation.stop();
    }

    /**
     * A failed outcome as the observation's error, so that tracers mark the span as failed; its
     * class name is the {@code error} tag of the timers a meter handler makes.
     */
    static final class FailedOutcome extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FailedOutcome(ErrorCode code) {
            super(code.wireName(), null, false, false);
        }
    }
}
