package io.integrationsrealtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.integrationsrealtime.protocol.Events;
import java.util.List;
import org.json.JSONObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Builder.namespace: a standalone server serves the protocol on the namespace chosen, "/" being the default one. */
class StandaloneNamespaceTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/integrations"})
    void standaloneServer_servesOnTheChosenNamespace(String namespace) {
        IntegrationsServer server = TestAuth.server(new TestBackend()).namespace(namespace).build().start();
        try (RawClient client = new RawClient(server.port(), namespace, List.of()).connect()) {
            JSONObject status = client.requestJson(Events.STATUS, new JSONObject()
                    .put("projectId", TestBackend.PROJECT).put("integrationId", TestBackend.TWEETS));
            assertThat(status.has("status")).isTrue();
        } finally {
            server.close();
        }
    }

    @Test
    void aNamespaceWithoutSlash_isRefused() {
        assertThatThrownBy(() -> TestAuth.server(new TestBackend()).namespace("integrations"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
