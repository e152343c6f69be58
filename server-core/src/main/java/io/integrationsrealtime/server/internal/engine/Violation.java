package io.integrationsrealtime.server.internal.engine;

/**
 * A client broke the Engine.IO or Socket.IO protocol; the connection is closed, as the reference
 * server does. Each instance names one cause with fixed text (never the client's bytes), and has
 * no stack trace: the instances are made once and thrown as often as clients misbehave.
 */
final class Violation extends RuntimeException {

    static final Violation EMPTY_PACKET = new Violation("empty Engine.IO packet");
    static final Violation UNKNOWN_ENGINE_TYPE = new Violation("unknown Engine.IO packet type");
    static final Violation CLIENT_PING = new Violation("ping from a v4 client (heartbeats go server to client)");
    static final Violation NO_SOCKET_IO_TYPE = new Violation("Engine.IO message without a Socket.IO packet");
    static final Violation UNKNOWN_SOCKET_IO_TYPE = new Violation("unknown Socket.IO packet type");
    static final Violation ILLEGAL_ATTACHMENTS = new Violation("illegal attachment count");
    static final Violation ACK_ID_TOO_LONG = new Violation("ack id of more than 15 digits");
    static final Violation INVALID_PAYLOAD = new Violation("Socket.IO payload of the wrong JSON type for its packet type");
    static final Violation UNDECODABLE_PAYLOAD = new Violation("Socket.IO payload that is not JSON");
    static final Violation TEXT_WHILE_AWAITING_ATTACHMENTS = new Violation("text packet while binary attachments were expected");
    static final Violation BINARY_WITHOUT_PACKET = new Violation("binary data without a binary packet announcing it");
    static final Violation ATTACHMENTS_TOO_LARGE = new Violation("binary attachments larger than maxPayload");
    static final Violation PLACEHOLDER_OUT_OF_RANGE = new Violation("attachment placeholder without a matching attachment");
    static final Violation MALFORMED_BASE64 = new Violation("binary polling packet that is not base64");
    static final Violation PROBE_MISUSE = new Violation("packet other than ping probe or upgrade on a probing websocket");

    private Violation(String cause) {
        super(cause, null, false, false);
    }

    /** The fixed text naming the cause. */
    String cause() {
        return getMessage();
    }
}
