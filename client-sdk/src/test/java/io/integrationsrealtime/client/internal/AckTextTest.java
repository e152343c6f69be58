package io.integrationsrealtime.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.RoomMembership;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("android")
class AckTextTest {

    private static final String ID = "64b2c3d4e5f6789012345678";
    private static final String COMPLETED = "{\"integrationId\":\"" + ID + "\",\"endpoint\":\"getUserTweets\","
            + "\"result\":{\"success\":true,\"data\":{\"int\":7,\"long\":12345678901,\"big\":123456789012345678901234567890,"
            + "\"decimal\":0.1,\"small\":-2.5E-7,\"text\":\"h\\u00e9llo \\\"q\\\" \\u2028 \\ud83d\\ude00\",\"nothing\":null,"
            + "\"list\":[1,-2,\"x\",[true,false],{}]}},\"executionId\":\"e-1\",\"requestId\":\"r-1\","
            + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"unknownField\":{\"a\":[1]}}";

    private static <T> AckOutcome<T> viaText(String arguments, Class<T> type) {
        String packet = "31073741824" + arguments;
        return AckText.decodeSuccess(packet.toCharArray(), packet.indexOf('['), type);
    }

    /** What the tree path (JacksonPacketDecoder's arguments, then AckOutcome.decode) makes of the same text. */
    private static <T> AckOutcome<T> viaTree(String arguments, Class<T> type) {
        return AckOutcome.decode(new Object[] {Trees.tree(arguments).get(0)}, type, "r-1");
    }

    @Test
    void aPlainSuccessIsTheRecordTheTreeWouldGive_numbersAndTextExactly() {
        AckOutcome<ExecutionCompleted> text = viaText("[" + COMPLETED + "]", ExecutionCompleted.class);
        AckOutcome<ExecutionCompleted> tree = viaTree("[" + COMPLETED + "]", ExecutionCompleted.class);

        assertThat(text).isInstanceOf(AckOutcome.Success.class).isEqualTo(tree);
        Map<String, Object> data = ((AckOutcome.Success<ExecutionCompleted>) text).value().result().data();
        assertThat(data.get("long")).isInstanceOf(Long.class);
        assertThat(data.get("decimal")).isEqualTo(((AckOutcome.Success<ExecutionCompleted>) tree).value().result().data().get("decimal"));
        assertThat(viaText("[{\"room\":\"r\",\"seq\":3,\"error\":null}]", RoomMembership.class))
                .isEqualTo(viaTree("[{\"room\":\"r\",\"seq\":3,\"error\":null}]", RoomMembership.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[{\"error\":{\"code\":\"FORBIDDEN\",\"message\":\"no\"}}]",  // a failure: the tree path decides
        "[{\"room\":\"a\",\"room\":\"b\"}]",                          // duplicate keys
        "[{\"room\":\"a\",\"x\":{\"k\":1,\"k\":2}}]",                  // duplicate keys, nested
        "[{\"room\":\"a\"},{\"more\":1}]",                            // two arguments
        "[{\"room\":\"a\"}]x",                                        // trailing text
        "[{\"room\":\"a\"}",                                          // unterminated
        "[null]", "[]", "[\"text\"]", "[[{}]]",
        "[{\"seq\":\"not a number\"}]",                                // does not bind
    })
    void anythingElseIsLeftToTheTreePath(String arguments) {
        assertThat(viaText(arguments, RoomMembership.class)).isNull();
    }
}
