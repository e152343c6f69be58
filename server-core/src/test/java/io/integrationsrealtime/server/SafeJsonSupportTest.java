package io.integrationsrealtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.integrationsrealtime.protocol.ProtocolJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What SafeJsonSupport writes for packets that arrive already written, next to what Jackson writes for the rest. */
class SafeJsonSupportTest {

    private final SafeJsonSupport json = new SafeJsonSupport();

    private record Started(String executionId, String endpoint, Map<String, Object> params) {
    }

    @Test
    void encodedEvent_isTheSameJsonAsNettySocketioWritesForThePayload() throws Exception {
        Started payload = new Started("e-1", "getUserTweets", Map.of("q", "naïve \"quotes\" ✓", "n", 3));
        String event = "integration:execution:started";

        String copied = written(json, Arrays.asList(event, EncodedEvent.of(event, payload)));
        String byJackson = written(new JacksonJsonSupport(), Arrays.asList(event, payload));
        String encodedByJackson = written(new JacksonJsonSupport(), Arrays.asList(event, EncodedEvent.of(event, payload)));

        assertThat(tree(copied)).isEqualTo(tree(byJackson));
        assertThat(tree(encodedByJackson)).isEqualTo(tree(byJackson));   // a host's own JsonSupport
        assertThat(json.getArrays()).isEmpty();
    }

    @Test
    void encodedEvent_isWrittenAsIsOnlyUnderItsOwnName() throws Exception {
        EncodedEvent encoded = EncodedEvent.of("a", Map.of("k", 1));

        String underOtherName = written(json, Arrays.asList("b", encoded));

        assertThat(tree(underOtherName)).isEqualTo(tree("[\"b\",{\"k\":1}]"));
    }

    @Test
    void ackOfWrittenJson_isCopied() throws Exception {
        String outcome = "{\"result\":{\"success\":true,\"data\":\"é\"}}";

        assertThat(written(json, List.of(new RawValue(outcome)))).isEqualTo("[" + outcome + "]");
        assertThat(json.getArrays()).isEmpty();
    }

    @Test
    void afterAPacketWithBinaryAttachments_aCopiedPacketHasNone() throws Exception {
        written(json, Arrays.asList("bin", Map.of("blob", new byte[] {1, 2, 3})));
        assertThat(json.getArrays()).hasSize(1);   // netty-socketio sends byte[] as attachments

        written(json, Arrays.asList("e", EncodedEvent.of("e", Map.of("k", 1))));
        assertThat(json.getArrays()).isEmpty();
        written(json, List.of(new RawValue("{}")));
        assertThat(json.getArrays()).isEmpty();

        written(json, Arrays.asList("bin", Map.of("blob", new byte[] {4})));
        assertThat(json.getArrays()).hasSize(1);
    }

    private static String written(com.corundumstudio.socketio.protocol.JsonSupport support, Object value) throws Exception {
        ByteBuf buffer = Unpooled.buffer();
        try {
            support.writeValue(new ByteBufOutputStream(buffer), value);
            return buffer.toString(StandardCharsets.UTF_8);
        } finally {
            buffer.release();
        }
    }

    private static JsonNode tree(String text) throws Exception {
        return ProtocolJson.mapper().readTree(text);
    }
}
