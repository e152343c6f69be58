package io.integrationsrealtime.server.protocol;

import io.integrationsrealtime.server.protocol.SpecServer.Kind;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A standalone and an attached {@link SpecServer} for the test class, started once. */
abstract class BothKindsOfServer {

    static final Map<Kind, SpecServer> SERVERS = new EnumMap<>(Kind.class);

    @BeforeAll
    static void startServers() {
        for (Kind kind : Kind.values()) {
            SERVERS.put(kind, SpecServer.start(kind));
        }
    }

    @AfterAll
    static void stopServers() {
        SERVERS.values().forEach(SpecServer::close);
        SERVERS.clear();
    }
}
