package io.integrationsrealtime.server.internal.engine;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.MultiTypeAckCallback;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.protocol.ConnPacket;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Event;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import com.corundumstudio.socketio.transport.NamespaceClient;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what a client sends, packet by packet, as the Engine.IO v4 and Socket.IO v5
 * specifications define it, and hands it to netty-socketio's namespaces: events to their
 * listeners, acks to their callbacks, CONNECT and DISCONNECT to the namespace.
 *
 * <p>Anything that is not a packet of the protocol (an unknown packet type, an ack id that is not
 * a number, a payload of the wrong JSON type, binary data nobody announced) is a
 * {@link Violation}: the caller closes the connection, as the reference server does. The JSON
 * inside a well-formed event is the JSON support's business: {@code SafeJsonSupport} turns what it
 * cannot read into an event the server answers with a typed error, and the connection stays.
 *
 * <p>Stateless; a session's packets are read one at a time (its websocket's event loop, or under
 * the session's lock for polling).
 */
final class IncomingPackets {

    private static final Map<String, Object> INVALID_NAMESPACE = Map.of("message", "Invalid namespace");
    /** 15 digits: every such id is exact as a JavaScript number. */
    private static final int MAX_ACK_ID_DIGITS = 15;
    private static final int MAX_ATTACHMENTS = 10_000;

    private static final ObjectReader AUTH_READER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build().readerFor(Map.class);

    private final ConformantEngine engine;

    IncomingPackets(ConformantEngine engine) {
        this.engine = engine;
    }

    /** One text packet: a websocket text frame, or one packet of a polling payload. */
    void text(EngineSession session, ByteBuf buf, Transport transport, Channel channel) {
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        if (start == end) {
            throw Violation.EMPTY_PACKET;
        }
        switch (buf.getByte(start)) {
            case '0', '6' -> { }  // open, noop: nothing to do (as the reference server)
            case '1' -> {
                if (transport == Transport.POLLING && session.pendingPoll == null) {
                    session.closeByClientSoon();
                } else {
                    session.close(true);
                }
            }
            case '2' -> ping(session, buf, start + 1, end, transport, channel);
            case '3' -> pong(session);
            case '4' -> {
                if (probing(session, channel)) {
                    throw Violation.PROBE_MISUSE;
                }
                message(session, buf, start + 1, end);
            }
            case '5' -> upgrade(session, channel);
            default -> throw Violation.UNKNOWN_ENGINE_TYPE;
        }
    }

    /** Binary data: the next attachment of the binary packet being received. */
    void binary(EngineSession session, byte[] data) {
        IncomingBinary partial = session.partial;
        if (partial == null) {
            throw Violation.BINARY_WITHOUT_PACKET;
        }
        if (partial.add(data)) {
            session.partial = null;
            deliver(partial);
        }
    }

    private static boolean probing(EngineSession session, Channel channel) {
        return channel != null && channel == session.websocket && !session.upgraded();
    }

    // ---------------------------------------------------------------- Engine.IO

    private void ping(EngineSession session, ByteBuf buf, int from, int end, Transport transport, Channel channel) {
        boolean probe = transport == Transport.WEBSOCKET && probing(session, channel) && end - from == 5
                && buf.toString(from, 5, StandardCharsets.US_ASCII).equals("probe");
        if (!probe) {
            throw Violation.CLIENT_PING;
        }
        Packet pong = new Packet(PacketType.PONG, EngineIOVersion.V4);
        pong.setData("probe");
        session.head.send(pong, Transport.WEBSOCKET);
        // Lets a waiting poll return, so that the client can pause polling and complete the upgrade.
        session.head.send(new Packet(PacketType.NOOP, EngineIOVersion.V4), Transport.POLLING);
    }

    private void pong(EngineSession session) {
        session.pong();
        NamespaceClient main = session.head.getChildClient(engine.namespaces.get(Namespace.DEFAULT_NAME));
        if (main != null) {
            main.getNamespace().onPong(main);  // netty-socketio's pong listeners, as before
        }
    }

    private void upgrade(EngineSession session, Channel channel) {
        if (!probing(session, channel)) {
            return;  // an upgrade packet outside an upgrade: ignored, as the reference server does
        }
        session.head.upgradeCurrentTransport(Transport.WEBSOCKET);
        Channel poll = session.pendingPoll;
        if (poll != null && poll.attr(com.corundumstudio.socketio.handler.EncoderHandler.WRITE_ONCE).compareAndSet(null, true)) {
            poll.writeAndFlush(EngineResponse.NOOP);
        }
    }

    // ---------------------------------------------------------------- Socket.IO

    private void message(EngineSession session, ByteBuf buf, int i, int end) {
        if (session.partial != null) {
            throw Violation.TEXT_WHILE_AWAITING_ATTACHMENTS;
        }
        if (i >= end) {
            throw Violation.NO_SOCKET_IO_TYPE;
        }
        int type = buf.getByte(i++) - '0';
        if (type < 0 || type > 6) {
            throw Violation.UNKNOWN_SOCKET_IO_TYPE;
        }
        boolean binaryType = type == 5 || type == 6;
        int attachments = 0;
        if (binaryType) {
            int digits = 0;
            while (i < end && isDigit(buf.getByte(i))) {
                attachments = attachments * 10 + (buf.getByte(i++) - '0');
                if (++digits > 5 || attachments > MAX_ATTACHMENTS) {
                    throw Violation.ILLEGAL_ATTACHMENTS;
                }
            }
            if (digits == 0 || i >= end || buf.getByte(i++) != '-') {
                throw Violation.ILLEGAL_ATTACHMENTS;
            }
        }
        int nspStart = i;
        int nspEnd = i;
        if (i < end && buf.getByte(i) == '/') {
            int comma = buf.indexOf(i, end, (byte) ',');
            nspEnd = comma < 0 ? end : comma;
            i = comma < 0 ? end : comma + 1;
        }
        long ackId = -1;
        if (i < end && isDigit(buf.getByte(i))) {
            ackId = 0;
            int digits = 0;
            while (i < end && isDigit(buf.getByte(i))) {
                if (++digits > MAX_ACK_ID_DIGITS) {
                    throw Violation.ACK_ID_TOO_LONG;
                }
                ackId = ackId * 10 + (buf.getByte(i++) - '0');
            }
        }
        int payload = skipWhitespace(buf, i, end);
        switch (type) {
            case 0 -> connect(session, namespaceName(buf, nspStart, nspEnd), buf, payload, end);
            case 1 -> {
                if (payload != end) {
                    throw Violation.INVALID_PAYLOAD;
                }
                NamespaceClient client = connected(session, buf, nspStart, nspEnd);
                if (client != null) {
                    client.onDisconnect();
                }
            }
            case 2, 5 -> event(session, buf, nspStart, nspEnd, ackId, payload, end, binaryType ? attachments : 0);
            case 3, 6 -> ack(session, buf, nspStart, nspEnd, ackId, payload, end, binaryType ? attachments : 0);
            default -> { }  // CONNECT_ERROR from a client: nothing to do, as the reference server
        }
    }

    private void connect(EngineSession session, String name, ByteBuf buf, int payload, int end) {
        Namespace namespace = engine.namespaces.get(name);
        ClientHead head = session.head;
        if (namespace == null) {
            head.send(error(name, INVALID_NAMESPACE));
            return;
        }
        Object auth = null;
        if (payload < end) {
            if (buf.getByte(payload) != '{') {
                throw Violation.INVALID_PAYLOAD;
            }
            auth = readAuth(buf, payload, end);
        }
        NamespaceClient client = head.addNamespaceClient(namespace);
        // As the reference server, whose handshake.auth is {} without a payload, the auth listeners
        // (netty-socketio calls them only when there is one) see every CONNECT, before it is accepted.
        Object authData = auth != null ? auth : new LinkedHashMap<String, Object>();
        head.getHandshakeData().setAuthToken(authData);
        AuthTokenResult result = namespace.onAuthData(client, authData);
        if (!result.isSuccess()) {
            head.send(error(name, result.getErrorData()));
            // Not connected: unlike netty-socketio's own handler, the refused client does not stay
            // in the namespace (where its events would still reach listeners).
            client.onDisconnect();
            return;
        }
        Packet connected = new Packet(PacketType.MESSAGE, EngineIOVersion.V4);
        connected.setSubType(PacketType.CONNECT);
        connected.setNsp(name);
        connected.setData(new ConnPacket(head.getSessionId()));
        head.send(connected);
        session.joined = true;
        session.holdWrites = true;
        try {
            namespace.onConnect(client);
        } finally {
            session.holdWrites = false;
        }
    }

    private void event(EngineSession session, ByteBuf buf, int nspStart, int nspEnd, long ackId, int payload, int end,
                       int attachments) {
        if (payload == end || buf.getByte(payload) != '[') {
            throw Violation.INVALID_PAYLOAD;
        }
        NamespaceClient client = connected(session, buf, nspStart, nspEnd);
        if (client == null) {
            // Not connected to that namespace: dropped, as the reference server does (after its attachments).
            if (attachments > 0) {
                session.partial = new IncomingBinary(new Packet(PacketType.MESSAGE, EngineIOVersion.V4), null, false,
                        attachments, engine.maxPayload);
            }
            return;
        }
        String nsp = client.getNamespace().getName();
        Event event = read(nsp, buf, payload, end, Event.class);
        if (event.getName() == null) {
            throw Violation.INVALID_PAYLOAD;  // only a JSON support other than SafeJsonSupport lets this through
        }
        Packet packet = new Packet(PacketType.MESSAGE, EngineIOVersion.V4);
        packet.setSubType(PacketType.EVENT);
        packet.setNsp(nsp);
        if (ackId >= 0) {
            packet.setAckId(ackId);
        }
        packet.setName(event.getName());
        packet.setData(event.getArgs());
        if (attachments > 0) {
            session.partial = new IncomingBinary(packet, client, false, attachments, engine.maxPayload);
        } else {
            dispatchEvent(client, packet);
        }
    }

    private void ack(EngineSession session, ByteBuf buf, int nspStart, int nspEnd, long ackId, int payload, int end,
                     int attachments) {
        if (payload == end || buf.getByte(payload) != '[') {
            throw Violation.INVALID_PAYLOAD;
        }
        NamespaceClient client = connected(session, buf, nspStart, nspEnd);
        AckCallback<?> callback = client == null || ackId < 0 ? null
                : engine.ackManager.getCallback(session.head.getSessionId(), ackId);
        Packet packet = new Packet(PacketType.MESSAGE, EngineIOVersion.V4);
        packet.setSubType(PacketType.ACK);
        if (ackId >= 0) {
            packet.setAckId(ackId);
        }
        if (callback != null) {
            List<Object> args = readAck(buf, payload, end, callback);
            // netty-socketio logs an ERROR for every extra argument a client adds; the first is the one used.
            packet.setData(args.size() > 1 && !(callback instanceof MultiTypeAckCallback) ? args.subList(0, 1) : args);
        } else if (attachments == 0) {
            return;  // nobody waits for it
        }
        if (attachments > 0) {
            session.partial = new IncomingBinary(packet, callback == null ? null : client, true, attachments, engine.maxPayload);
        } else {
            engine.ackManager.onAck(client, packet);
        }
    }

    private void deliver(IncomingBinary complete) {
        if (complete.target == null) {
            return;
        }
        List<Object> args = complete.packet.getData();
        Placeholders.fill(args, complete.attachments());
        if (complete.ack) {
            engine.ackManager.onAck(complete.target, complete.packet);
        } else {
            dispatchEvent(complete.target, complete.packet);
        }
    }

    private static void dispatchEvent(NamespaceClient client, Packet packet) {
        client.getNamespace().onEvent(client, packet.getName(), packet.getData(), new AckRequest(packet, client));
    }

    // ---------------------------------------------------------------- helpers

    private <T> T read(String nsp, ByteBuf buf, int from, int end, Class<T> type) {
        try {
            T value = engine.json.readValue(nsp, stream(buf, from, end), type);
            if (value == null) {
                throw Violation.UNDECODABLE_PAYLOAD;
            }
            return value;
        } catch (Violation v) {
            throw v;
        } catch (Exception notJson) {
            throw Violation.UNDECODABLE_PAYLOAD;
        }
    }

    /**
     * A CONNECT's auth payload: one JSON object and nothing after it, as the reference parser
     * requires (read here rather than by the JSON support, which stops at the end of the object).
     */
    private static Map<?, ?> readAuth(ByteBuf buf, int from, int end) {
        try {
            return AUTH_READER.readValue((java.io.InputStream) stream(buf, from, end));
        } catch (Exception notAnObject) {
            throw Violation.UNDECODABLE_PAYLOAD;
        }
    }

    private List<Object> readAck(ByteBuf buf, int from, int end, AckCallback<?> callback) {
        try {
            return engine.json.readAckArgs(stream(buf, from, end), callback).getArgs();
        } catch (Exception notJson) {
            throw Violation.UNDECODABLE_PAYLOAD;
        }
    }

    /** The bytes {@code [from, end)} as a stream, without a slice (the packet's buffer is read once). */
    private static ByteBufInputStream stream(ByteBuf buf, int from, int end) {
        buf.readerIndex(from);
        return new ByteBufInputStream(buf, end - from);
    }

    /**
     * The session's client in the namespace named by those bytes, or null when it is not
     * connected there. ASCII names (the usual kind) are compared without making a String, and
     * the namespace of the session's previous packet is tried first, without iterating.
     */
    private static NamespaceClient connected(EngineSession session, ByteBuf buf, int nspStart, int nspEnd) {
        ClientHead head = session.head;
        int length = nspEnd - nspStart;
        Namespace last = session.lastNamespace;
        if (last != null && last.getName().length() == length && sameAscii(last.getName(), buf, nspStart)) {
            NamespaceClient client = head.getChildClient(last);
            if (client != null) {
                return client;
            }
        }
        boolean ascii = true;
        for (Namespace namespace : head.getNamespaces()) {
            String name = namespace.getName();
            if (name.length() == length && sameAscii(name, buf, nspStart)) {
                session.lastNamespace = namespace;
                return head.getChildClient(namespace);
            }
        }
        for (int i = nspStart; i < nspEnd && ascii; i++) {
            ascii = buf.getByte(i) >= 0;
        }
        if (!ascii) {
            String name = namespaceName(buf, nspStart, nspEnd);
            for (Namespace namespace : head.getNamespaces()) {
                if (namespace.getName().equals(name)) {
                    return head.getChildClient(namespace);
                }
            }
        }
        return null;
    }

    private static boolean sameAscii(String name, ByteBuf buf, int from) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) != buf.getByte(from + i)) {
                return false;
            }
        }
        return true;
    }

    private static String namespaceName(ByteBuf buf, int nspStart, int nspEnd) {
        return nspStart == nspEnd ? Namespace.DEFAULT_NAME : buf.toString(nspStart, nspEnd - nspStart, StandardCharsets.UTF_8);
    }

    private static Packet error(String nsp, Object data) {
        Packet packet = new Packet(PacketType.MESSAGE, EngineIOVersion.V4);
        packet.setSubType(PacketType.ERROR);
        packet.setNsp(nsp);
        packet.setData(data);
        return packet;
    }

    private static int skipWhitespace(ByteBuf buf, int i, int end) {
        while (i < end) {
            byte b = buf.getByte(i);
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                break;
            }
            i++;
        }
        return i;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
