package io.integrationsrealtime.server.internal.engine;

import com.corundumstudio.socketio.protocol.AuthPacket;
import com.corundumstudio.socketio.protocol.ConnPacket;
import com.corundumstudio.socketio.protocol.JsonSupport;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;

/**
 * Writes one netty-socketio {@link Packet} as an Engine.IO v4 text packet, and hands back its
 * binary attachments separately (a websocket sends each as a binary frame, polling as a
 * {@code b<base64>} packet). This replaces netty-socketio's encoder, which prefixed every
 * attachment with the Engine.IO v3 byte {@code 0x04}, wrote no {@code maxPayload} in the
 * handshake, sent a bare string as a namespace error, and changed the packet it encoded (so that
 * a binary packet broadcast to several sockets lost its payload after the first).
 *
 * <p>Packets are only read here: the same packet object may be on several clients' queues.
 */
final class PacketWriter {

    private final JsonSupport json;
    private final int maxPayload;

    PacketWriter(JsonSupport json, int maxPayload) {
        this.json = json;
        this.maxPayload = maxPayload;
    }

    /**
     * The packet's text in a new buffer. Its binary attachments, if it has any, are then
     * {@link #attachments}: read them before writing the next packet on this thread.
     */
    ByteBuf write(Packet packet, ByteBufAllocator alloc, boolean direct) throws IOException {
        ByteBuf out = direct ? alloc.ioBuffer() : alloc.heapBuffer();
        try {
            return switch (packet.getType()) {
                case OPEN -> open(out, packet.getData());
                case MESSAGE -> message(out, packet, alloc, direct);
                case PING, PONG -> {
                    out.writeByte(packet.getType() == PacketType.PING ? '2' : '3');
                    if (packet.getData() instanceof String text) {
                        ByteBufUtil.writeUtf8(out, text);
                    }
                    yield out;
                }
                case CLOSE -> out.writeByte('1');
                case UPGRADE -> out.writeByte('5');
                case NOOP -> out.writeByte('6');
                default -> throw new IOException("not an outgoing packet type: " + packet.getType());
            };
        } catch (IOException | RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private ByteBuf open(ByteBuf out, AuthPacket handshake) {
        out.writeByte('0');
        ByteBufUtil.writeAscii(out, "{\"sid\":\"");
        ByteBufUtil.writeAscii(out, handshake.getSid().toString());
        ByteBufUtil.writeAscii(out, "\",\"upgrades\":[");
        String[] upgrades = handshake.getUpgrades();
        for (int i = 0; i < upgrades.length; i++) {
            ByteBufUtil.writeAscii(out, i == 0 ? "\"" : ",\"");
            ByteBufUtil.writeAscii(out, upgrades[i]);
            out.writeByte('"');
        }
        ByteBufUtil.writeAscii(out, "],\"pingInterval\":");
        writeNumber(out, handshake.getPingInterval());
        ByteBufUtil.writeAscii(out, ",\"pingTimeout\":");
        writeNumber(out, handshake.getPingTimeout());
        ByteBufUtil.writeAscii(out, ",\"maxPayload\":");
        writeNumber(out, maxPayload);
        out.writeByte('}');
        return out;
    }

    private ByteBuf message(ByteBuf out, Packet packet, ByteBufAllocator alloc, boolean direct) throws IOException {
        PacketType type = packet.getSubType();
        String nsp = packet.getNsp();
        out.writeByte('4');
        switch (type) {
            case CONNECT -> {
                out.writeByte('0');
                writeNamespace(out, nsp, packet.getData() != null);
                if (packet.getData() instanceof ConnPacket connected) {
                    ByteBufUtil.writeAscii(out, "{\"sid\":\"");
                    ByteBufUtil.writeAscii(out, connected.getSid().toString());
                    ByteBufUtil.writeAscii(out, "\"}");
                } else if (packet.getData() != null) {
                    json.writeValue(new ByteBufOutputStream(out), packet.getData());
                }
                return out;
            }
            case DISCONNECT -> {
                out.writeByte('1');
                writeNamespace(out, nsp, true);
                return out;
            }
            case ERROR -> {
                out.writeByte('4');
                writeNamespace(out, nsp, true);
                Object data = packet.getData();
                // Socket.IO v5: a CONNECT_ERROR carries an object; clients ignore a bare string.
                json.writeValue(new ByteBufOutputStream(out), data instanceof Map<?, ?> ? data
                        : Map.of("message", data == null ? "Not authorized" : data.toString()));
                return out;
            }
            case EVENT, ACK, BINARY_EVENT, BINARY_ACK -> {
                boolean ack = type == PacketType.ACK || type == PacketType.BINARY_ACK;
                int typeIndex = out.writerIndex();
                out.writeByte(ack ? '3' : '2');
                writeNamespace(out, nsp, true);
                if (packet.getAckId() != null) {
                    writeNumber(out, packet.getAckId());
                }
                List<Object> args = packet.getData();
                json.writeValue(new ByteBufOutputStream(out), ack ? args : new EventArguments(packet.getName(), args));
                List<byte[]> arrays = json.getArrays();
                if (arrays.isEmpty()) {
                    return out;
                }
                return withAttachmentCount(out, typeIndex, ack, arrays.size(), alloc, direct);
            }
            default -> throw new IOException("not an outgoing Socket.IO packet type: " + type);
        }
    }

    /** Rewrites {@code 4<2|3>...} as {@code 4<5|6><count>-...}: only for binary packets, which are rare. */
    private static ByteBuf withAttachmentCount(ByteBuf text, int typeIndex, boolean ack, int count,
                                               ByteBufAllocator alloc, boolean direct) {
        int rest = text.writerIndex() - typeIndex - 1;
        ByteBuf out = direct ? alloc.ioBuffer(rest + 16) : alloc.heapBuffer(rest + 16);
        out.writeBytes(text, text.readerIndex(), typeIndex - text.readerIndex());
        out.writeByte(ack ? '6' : '5');
        writeNumber(out, count);
        out.writeByte('-');
        out.writeBytes(text, typeIndex + 1, rest);
        text.release();
        return out;
    }

    /** The default namespace is left out; any other is written with its comma when something follows. */
    private static void writeNamespace(ByteBuf out, String nsp, boolean comma) {
        if (nsp != null && !nsp.isEmpty()) {
            ByteBufUtil.writeUtf8(out, nsp);
            if (comma) {
                out.writeByte(',');
            }
        }
    }

    static void writeNumber(ByteBuf out, long value) {
        if (value < 0) {
            out.writeByte('-');
            value = -value;
        }
        if (value < 10) {
            out.writeByte('0' + (int) value);
            return;
        }
        int start = out.writerIndex();
        while (value > 0) {
            out.writeByte('0' + (int) (value % 10));
            value /= 10;
        }
        for (int i = start, j = out.writerIndex() - 1; i < j; i++, j--) {
            byte swap = out.getByte(i);
            out.setByte(i, out.getByte(j));
            out.setByte(j, swap);
        }
    }

    /** {@code [name, args...]} as a view, without copying the arguments into a new list. */
    private static final class EventArguments extends AbstractList<Object> {
        private final String name;
        private final List<Object> args;

        EventArguments(String name, List<Object> args) {
            this.name = name;
            this.args = args == null ? List.of() : args;
        }

        @Override
        public Object get(int index) {
            return index == 0 ? name : args.get(index - 1);
        }

        @Override
        public int size() {
            return args.size() + 1;
        }
    }

    /**
     * The attachments of {@code packet} as just written on this thread: the JSON support's list
     * for the event and ack packets that can carry binary, else none. The JSON support reuses the
     * list for its next write on this thread.
     */
    List<byte[]> attachments(Packet packet) {
        if (packet.getType() != PacketType.MESSAGE) {
            return List.of();
        }
        PacketType type = packet.getSubType();
        return type == PacketType.EVENT || type == PacketType.ACK || type == PacketType.BINARY_EVENT
                || type == PacketType.BINARY_ACK ? json.getArrays() : List.of();
    }
}
