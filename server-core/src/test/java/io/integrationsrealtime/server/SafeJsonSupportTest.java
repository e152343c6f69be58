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

    /**
     * Events of this library (one JsonNode argument) are read by SafeJsonSupport's own parser:
     * for every input, the same event as netty-socketio's reading (name and arguments), or, where
     * that fails, an INVALID_EVENT; unmapped names become UNKNOWN_EVENT, as before.
     */
    @Test
    void eventsOfOneTree_readAsNettySocketioReadsThem() throws Exception {
        String ours = "integration:execute";
        JacksonJsonSupport reference = new JacksonJsonSupport();
        reference.addEventMapping("", ours, JsonNode.class);
        json.addEventMapping("", ours, JsonNode.class);
        List<String> inputs = List.of(
                "[\"integration:execute\",{\"endpoint\":\"getUserTweets\",\"params\":{\"n\":[1,2.5,null,true]}}]",
                "[\"integration:execute\"]",
                "[\"integration:execute\",null]",
                "[\"integration:execute\",\"text\"]",
                "[\"integration:execute\",{},{\"ignored\":1},3]",
                "[\"integration:execute\",{}] trailing",
                "[\"integration:execute\",{},oops]",
                "[\"integration:execute\",{\"a\":]",
                "[\"integration:execute\",{\"a\":1}",
                "[\"integration\\u003aexecute\",{\"escaped\":\"name\"}]",
                "[\"unmapped\",{}]",
                "[42,{}]",
                "{\"integration:execute\":{}}",
                "\"integration:execute\"",
                "[" + "[".repeat(1200) + "]".repeat(1200) + "]",
                "[\"integration:execute\"," + "[".repeat(1200) + "]".repeat(1200) + "]",
                "");
        for (String input : inputs) {
            com.corundumstudio.socketio.protocol.Event expected;
            try {
                expected = reference.readValue("", stream(input), com.corundumstudio.socketio.protocol.Event.class);
            } catch (Exception fails) {
                expected = null;
            }
            com.corundumstudio.socketio.protocol.Event read = json.readValue("", stream(input),
                    com.corundumstudio.socketio.protocol.Event.class);
            if (expected == null) {
                assertThat(read.getName()).as(input).isEqualTo(SafeJsonSupport.INVALID_EVENT);
            } else if (!ours.equals(expected.getName())) {
                assertThat(read.getName()).as(input).isEqualTo(SafeJsonSupport.UNKNOWN_EVENT);
            } else {
                assertThat(read.getName()).as(input).isEqualTo(ours);
                assertThat(read.getArgs()).as(input).isEqualTo(expected.getArgs());
            }
        }
    }

    @Test
    void anEventMappedToAnotherType_isReadByNettySocketioAsMapped() throws Exception {
        json.addEventMapping("", "host:event", JsonNode.class);
        json.addEventMapping("", "host:event", Map.class);   // a later mapping replaces the first

        com.corundumstudio.socketio.protocol.Event read = json.readValue("", stream("[\"host:event\",{\"k\":1}]"),
                com.corundumstudio.socketio.protocol.Event.class);

        assertThat(read.getArgs()).containsExactly(Map.of("k", 1));
    }

    private static io.netty.buffer.ByteBufInputStream stream(String text) {
        return new io.netty.buffer.ByteBufInputStream(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), true);
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
