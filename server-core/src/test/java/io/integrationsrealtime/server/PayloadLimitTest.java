package io.integrationsrealtime.server;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.ProtocolJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The payload limit counts the UTF-8 bytes of the request's JSON, not its characters. */
class PayloadLimitTest {

    private static IntegrationsServer server;

    @BeforeAll
    static void startServer() {
        server = TestAuth.server(new TestBackend()).build().start();   // the default limit: 64 KiB
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static JSONObject execute(String text) {
        try (RawClient client = new RawClient(server.port(), List.of()).connect()) {
            return client.requestJson(Events.EXECUTE, new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS)
                    .put("endpoint", "echo").put("params", new JSONObject().put("s", text)));
        }
    }

    @Test
    void sixtyThousandEuroSigns_areOverTheLimit_thoughSixtyThousandCharacters() {
        String euros = "€".repeat(60_000);   // 180,000 bytes of UTF-8
        assertThat(euros.getBytes(StandardCharsets.UTF_8)).hasSize(180_000);

        JSONObject reply = execute(euros);

        assertThat(reply.getJSONObject("error").getString("code")).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void sixtyThousandAsciiCharacters_areUnderTheLimit() {
        JSONObject reply = execute("x".repeat(60_000));

        assertThat(reply.has("error")).as(reply.toString(0).substring(0, 200)).isFalse();
        assertThat(reply.getJSONObject("result").getJSONObject("data").getJSONObject("params").getString("s")).hasSize(60_000);
    }

    @Test
    void sizeIsTheUtf8LengthOfTheJsonText() {
        for (String text : List.of("x", "é", "€", "😀", "a\"b\\c", "line\nbreak", "\u0001")) {
            JsonNode node = ProtocolJson.tree(Map.of(text.repeat(100), text.repeat(1000)));
            int bytes = node.toString().getBytes(StandardCharsets.UTF_8).length;

            assertThat(JsonSize.exceeds(node, bytes)).as("%s within its %d bytes", text, bytes).isFalse();
            assertThat(JsonSize.exceeds(node, bytes - 1)).as("%s over %d bytes", text, bytes - 1).isTrue();
        }
        JsonNode mixed = ProtocolJson.tree(Map.of("a", List.of(1, -20, 300_000_000_000L, 1.5, true, false),
                "b", Map.of(), "c", List.of(), "d", java.util.Arrays.asList(null, "€", Map.of("e", "😀"))));
        int bytes = mixed.toString().getBytes(StandardCharsets.UTF_8).length;
        assertThat(JsonSize.exceeds(mixed, bytes)).as(mixed.toString()).isFalse();
        assertThat(JsonSize.exceeds(mixed, bytes - 1)).as(mixed.toString()).isTrue();
    }
}
