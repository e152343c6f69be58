package io.integrationsrealtime.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.RoomMembership;
import io.integrationsrealtime.protocol.StatusResponse;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The warm-up is only worth its time if its samples take the paths real traffic takes. */
@Tag("android")
class CodecWarmUpTest {

    @Test
    void everySampleDecodesAsARealAnswerWould() {
        List<AckOutcome<?>> outcomes = CodecWarmUp.run();

        assertThat(outcomes).hasSize(4);
        assertThat(((AckOutcome.Success<?>) outcomes.get(0)).value()).isInstanceOf(ExecutionCompleted.class);
        assertThat(((AckOutcome.Failure<?>) outcomes.get(1)).error().code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
        assertThat(((AckOutcome.Success<?>) outcomes.get(2)).value()).isInstanceOf(StatusResponse.class);
        assertThat(((AckOutcome.Success<?>) outcomes.get(3)).value()).isInstanceOf(RoomMembership.class);
    }

    @Test
    void onceNeverThrows() {
        CodecWarmUp.once();
        CodecWarmUp.once();
    }
}
