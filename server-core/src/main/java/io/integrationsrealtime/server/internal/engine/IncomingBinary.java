package io.integrationsrealtime.server.internal.engine;

import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.transport.NamespaceClient;
import java.util.ArrayList;
import java.util.List;

/**
 * A binary event or ack whose JSON has arrived and whose attachments are still coming: the next
 * binary messages of the session belong to it. Their total size is capped at {@code maxPayload},
 * so announcing many attachments buys a client nothing.
 */
final class IncomingBinary {

    final Packet packet;
    /** Where it goes once complete; null when it is to be dropped (no such namespace or ack). */
    final NamespaceClient target;
    final boolean ack;
    private final int expected;
    private final int maxBytes;
    private final List<byte[]> attachments;
    private long bytes;

    IncomingBinary(Packet packet, NamespaceClient target, boolean ack, int expected, int maxBytes) {
        this.packet = packet;
        this.target = target;
        this.ack = ack;
        this.expected = expected;
        this.maxBytes = maxBytes;
        this.attachments = new ArrayList<>(Math.min(expected, 16));
    }

    /** Adds one attachment; true once all have arrived. */
    boolean add(byte[] attachment) {
        bytes += attachment.length;
        if (bytes > maxBytes) {
            throw Violation.ATTACHMENTS_TOO_LARGE;
        }
        attachments.add(attachment);
        return attachments.size() == expected;
    }

    List<byte[]> attachments() {
        return attachments;
    }
}
