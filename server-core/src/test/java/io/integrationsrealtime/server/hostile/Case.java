package io.integrationsrealtime.server.hostile;

import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One hostile input: the frames a raw client sends (given the ack id it may use) on a connection
 * of some kind, and the documented outcome, as the list of what the client observes:
 * <ul>
 *   <li>{@code error:CODE} / {@code ok}: the ack of the case's request (a refusal or a success);</li>
 *   <li>{@code E:CODE}: an {@code integration:error} event (a refusal without ack);</li>
 *   <li>{@code event:NAME}: another caller event;</li>
 *   <li>{@code connected}, {@code connect_error:CODE}, {@code disconnect}: namespace packets;</li>
 *   <li>{@code closed}: the server closed the connection; {@code http:401}: the handshake was refused.</li>
 * </ul>
 * An empty list means "ignored": no answer at all, and the connection keeps working.
 */
record Case(String category, String name, Conn conn, Handshake handshake, IntFunction<List<String>> frames,
            List<String> expected) {

    /** Query string and headers of a fresh transport's handshake. */
    record Handshake(String query, Map<String, String> headers) {
        static final Handshake NONE = new Handshake("", Map.of());
    }

    /** The connection a case runs on. */
    enum Conn {
        /** The suite's shared connection authenticated with test-token (project PROJECT). */
        OWN,
        /** The shared connection authenticated with other-project-token. */
        OTHER,
        /** A new transport (Engine.IO open done, namespace not connected); the frames connect it if they want. */
        FRESH,
        /** A new connection authenticated with test-token. */
        FRESH_OWN
    }

    static Case of(String category, String name, Conn conn, IntFunction<List<String>> frames, String... expected) {
        return new Case(category, name, conn, Handshake.NONE, frames, List.of(expected));
    }

    static Case fresh(String category, String name, Handshake handshake, IntFunction<List<String>> frames,
                      String... expected) {
        return new Case(category, name, Conn.FRESH, handshake, frames, List.of(expected));
    }

    boolean expectsClose() {
        return expected.contains("closed") || expected.stream().anyMatch(e -> e.startsWith("http:"));
    }
}
