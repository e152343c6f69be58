package io.integrationsrealtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.util.RawValue;
import io.integrationsrealtime.protocol.ProtocolJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Byte arrays in outcomes: written as binary once, kept by idempotency stores as text, sent as bytes again. */
class BinaryPayloadsTest {

    private static final byte[] FILE = {1, 2, 3, (byte) 0xff};

    @Test
    void anOutcomeWithoutBytes_isItsJsonText() {
        RawValue written = BinaryPayloads.writtenOnce(Map.of("a", 1));

        assertThat(written).isNotInstanceOf(BinaryPayloads.Outcome.class);
        assertThat(written.rawValue()).isEqualTo("{\"a\":1}");
    }

    @Test
    void anOutcomeWithBytes_isStoredAsPlaceholdersAndBase64_andRestoredAsBytes() throws Exception {
        RawValue written = BinaryPayloads.writtenOnce(Map.of("data", Map.of("file", FILE)));

        assertThat(written).isInstanceOf(BinaryPayloads.Outcome.class);
        assertThat(written.rawValue()).isEqualTo("[{\"data\":{\"file\":{\"_placeholder\":true,\"num\":0}}},\"AQID/w==\"]");
        // The in-memory store hands back a RawValue of the text, the Redis store a JSON tree.
        for (Object stored : List.of(new RawValue((String) written.rawValue()),
                ProtocolJson.mapper().readTree((String) written.rawValue()))) {
            Object restored = BinaryPayloads.restore(stored);

            assertThat(restored).isInstanceOf(BinaryPayloads.Outcome.class);
            String json = ProtocolJson.write(List.of(restored));
            assertThat(json).isEqualTo("[{\"data\":{\"file\":\"AQID/w==\"}}]");  // Jackson's own text; engines send bytes
        }
    }

    @Test
    void aStoredOutcomeWithoutBytes_isSentAsItIs() {
        RawValue plain = new RawValue("{\"result\":{}}");

        assertThat(BinaryPayloads.restore(plain)).isSameAs(plain);
    }

    @Test
    void bytesInAWebhookOrUsagePush_areRefused() {
        IntegrationsServer server = TestAuth.server(new TestBackend()).build();
        try {
            assertThatThrownBy(() -> server.publishWebhook(TestBackend.TWEETS_REF, "stripe.file.created", Map.of("file", FILE)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("byte[]");
            assertThatThrownBy(() -> server.publishUsage(TestBackend.TWEETS_REF, Map.of("nested", List.of(FILE))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("byte[]");
        } finally {
            server.close();
        }
    }
}
