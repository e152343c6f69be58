package io.integrationsrealtime.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.protocol.ErrorCode;
import io.socket.client.SocketIOException;
import org.json.JSONObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("android")
class ConnectErrorsTest {

    @Test
    void codeAtTopLevelUnderDataOrUnderErrorIsRecognised() {
        for (String payload : new String[] {
                "{\"message\":\"bad token\",\"code\":\"UNAUTHENTICATED\"}",
                "{\"message\":\"bad token\",\"data\":{\"code\":\"UNAUTHENTICATED\"}}",
                "{\"error\":{\"code\":\"UNAUTHENTICATED\",\"message\":\"bad token\"}}"}) {
            JSONObject json = new JSONObject(payload);
            assertThat(ConnectErrors.isServerRefusal(json)).isTrue();
            assertThat(ConnectErrors.toException(json).code()).as(payload).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(ConnectErrors.toException(json).getMessage()).as(payload).contains("bad token");
        }
    }

    @Test
    void aNullMessageOrCodeIsAbsent() {
        // Android's optString gives "null" for a JSON null where the org.json jar gives the fallback.
        JSONObject refusal = new JSONObject("{\"message\":null,\"code\":\"UNAUTHENTICATED\"}");
        assertThat(ConnectErrors.toException(refusal).getMessage()).contains("the server rejected the credentials");

        JSONObject other = new JSONObject("{\"message\":null,\"code\":null,\"data\":{\"code\":\"SHUTTING_DOWN\"}}");
        assertThat(ConnectErrors.toException(other).getMessage()).endsWith("the server refused the connection (SHUTTING_DOWN)");
    }

    @Test
    void aJacksonObjectIsReadAsTheOrgJsonOne() throws Exception {
        String payload = "{\"message\":\"bad token\",\"data\":{\"code\":\"UNAUTHENTICATED\"}}";
        Object tree = io.integrationsrealtime.protocol.ProtocolJson.mapper().readTree(payload);

        assertThat(ConnectErrors.isServerRefusal(tree)).isTrue();
        assertThat(ConnectErrors.toException(tree).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(ConnectErrors.toException(tree).getMessage())
                .isEqualTo(ConnectErrors.toException(new JSONObject(payload)).getMessage());
    }

    @Test
    void otherRefusalsAndTransportErrorsAreDisconnected() {
        JSONObject forbidden = new JSONObject("{\"message\":\"Invalid namespace\"}");
        assertThat(ConnectErrors.toException(forbidden).code()).isEqualTo(ErrorCode.DISCONNECTED);

        SocketIOException timeout = new SocketIOException("timeout");
        assertThat(ConnectErrors.isServerRefusal(timeout)).isFalse();
        assertThat(ConnectErrors.toException(timeout).code()).isEqualTo(ErrorCode.DISCONNECTED);
        assertThat(ConnectErrors.toException(timeout).getMessage()).contains("timeout");
        assertThat(ConnectErrors.toException(null).code()).isEqualTo(ErrorCode.DISCONNECTED);
    }
}
