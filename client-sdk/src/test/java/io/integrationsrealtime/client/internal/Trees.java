package io.integrationsrealtime.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.integrationsrealtime.protocol.ProtocolJson;
import java.io.IOException;

/** JSON text as the Jackson tree JacksonPacketDecoder hands over as an argument. */
final class Trees {

    private Trees() {
    }

    static JsonNode tree(String json) {
        try {
            return ProtocolJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
