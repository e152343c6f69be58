package io.integrationsrealtime.client.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Request;
import okhttp3.WebSocket;
import okio.ByteString;

/**
 * An OkHttp websocket whose messages are written by a thread of the client's own rather than by
 * OkHttp's writer: frames (RFC 6455, client side, so masked) are built on the sending thread and
 * queued, and the writer thread writes every frame queued when it runs in one write to the socket.
 *
 * <p>Why: OkHttp writes each message in a task on its shared TaskRunner, whose coordinator
 * hand-over woke two threads per message: about four context switches per request, most of the
 * client's CPU per round trip on one core (docs/benchmarks-sdk.md). Here a message given to an
 * idle writer costs one wake-up, and messages given to a busy one none. The caller's thread never
 * writes to the socket: on Android that would be network I/O on the main thread, and a server
 * that stops reading would block it.
 *
 * <p>OkHttp still owns the connection: it made the handshake (the socket is taken from it,
 * {@link DirectFrames}), reads every frame, answers the server's pings and closes. Until the
 * socket is {@linkplain #attach attached} (at open; engine.io sends nothing before), messages go
 * to OkHttp's own writer. A close goes
 * through the queue, so that OkHttp's close frame follows every message before it. A pong OkHttp
 * writes in reply to a server's websocket ping could meet a batch of ours on the socket; each side
 * writes whole frames in one call of the socket's stream, which the JDK's socket and TLS streams
 * serialise (the Socket.IO servers send no websocket pings: their heartbeat is engine.io's).
 * A connection that falls {@link #MAX_QUEUED_BYTES} behind is cancelled, as OkHttp does, and so is
 * one whose close has not reached OkHttp {@link #CLOSE_TIMEOUT_SECONDS} after it was asked for (a
 * write blocked by a server that stopped reading; OkHttp cancels after the same time).
 */
final class OwnWriterWebSocket implements WebSocket {

    /** OkHttp's own limit of queued bytes before it gives a connection up. */
    static final long MAX_QUEUED_BYTES = 16L * 1024 * 1024;
    static final long CLOSE_TIMEOUT_SECONDS = 60;
    private static final int BATCH_BYTES = 64 * 1024;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;

    private final Executor writer;
    private final ScheduledExecutorService timer;
    /** OkHttp's websocket; set once, by whichever of {@link #bind}'s callers comes first. */
    private volatile WebSocket okhttp;
    /** The socket's stream once attached; null: OkHttp writes. */
    private volatile OutputStream out;
    /** Masked frames ({@code byte[]}) and at most one {@link Close}, last. */
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Runnable drain = this::drain;
    /** Writer thread only. */
    private final byte[] batch = new byte[BATCH_BYTES];
    /** Set by close(), cancel() or a failed write (under this); nothing is queued after it. */
    private boolean ended;
    /** Set when the writer has handed the close to OkHttp. */
    private volatile boolean closeHandedOver;

    private record Close(int code, String reason) {
    }

    /**
     * @param writer runs the writes, one task at a time
     * @param timer  cancels a connection whose close is stuck behind a blocked write
     */
    OwnWriterWebSocket(Executor writer, ScheduledExecutorService timer) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.timer = Objects.requireNonNull(timer, "timer");
    }

    /** The OkHttp websocket this one is (from newWebSocket's return or its listener's first call). */
    void bind(WebSocket webSocket) {
        if (okhttp == null) {
            okhttp = Objects.requireNonNull(webSocket, "webSocket");
        }
    }

    /** From now on messages are written to {@code stream}, the connection's socket's. */
    void attach(OutputStream stream) {
        out = Objects.requireNonNull(stream, "stream");
    }

    @Override
    public Request request() {
        return okhttp.request();
    }

    @Override
    public long queueSize() {
        return queuedBytes.get() + okhttp.queueSize();
    }

    @Override
    public boolean send(String text) {
        return out == null ? okhttp.send(text) : enqueue(frame(OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public boolean send(ByteString bytes) {
        return out == null ? okhttp.send(bytes) : enqueue(frame(OPCODE_BINARY, bytes.toByteArray()));
    }

    @Override
    public boolean close(int code, String reason) {
        if (out == null) {
            return okhttp.close(code, reason);
        }
        synchronized (this) {
            if (ended) {
                return false;
            }
            ended = true;
            queue.add(new Close(code, reason));
        }
        schedule();
        try {
            timer.schedule(() -> {
                if (!closeHandedOver) {
                    okhttp.cancel();
                }
            }, CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException clientClosed) {
            // The client is closing: the close is written unless a write blocks forever.
        }
        return true;
    }

    @Override
    public void cancel() {
        synchronized (this) {
            ended = true;
        }
        okhttp.cancel();
    }

    private boolean enqueue(byte[] frame) {
        synchronized (this) {
            if (ended) {
                return false;
            }
            if (queuedBytes.addAndGet(frame.length) > MAX_QUEUED_BYTES) {
                ended = true;
                okhttp.cancel();
                return false;
            }
            queue.add(frame);
        }
        schedule();
        return true;
    }

    private void schedule() {
        if (writing.compareAndSet(false, true)) {
            writer.execute(drain);
        }
    }

    // Writer thread: writes what is queued, in batches of up to BATCH_BYTES.
    private void drain() {
        try {
            do {
                writeQueued();
                writing.set(false);
            } while (!queue.isEmpty() && writing.compareAndSet(false, true));
        } catch (IOException | RuntimeException e) {
            // The connection is broken: OkHttp's reader fails it and engine.io hears of that.
            synchronized (this) {
                ended = true;
            }
            queue.clear();
            okhttp.cancel();
        }
    }

    private void writeQueued() throws IOException {
        OutputStream out = this.out;
        int used = 0;
        Object next;
        while ((next = queue.poll()) != null) {
            if (next instanceof Close close) {
                if (used > 0) {
                    out.write(batch, 0, used);
                    out.flush();
                }
                closeHandedOver = true;
                okhttp.close(close.code(), close.reason());
                return;
            }
            byte[] frame = (byte[]) next;
            queuedBytes.addAndGet(-frame.length);
            if (used + frame.length > BATCH_BYTES) {
                if (used > 0) {
                    out.write(batch, 0, used);
                    used = 0;
                }
                if (frame.length > BATCH_BYTES) {
                    out.write(frame);
                    continue;
                }
            }
            System.arraycopy(frame, 0, batch, used, frame.length);
            used += frame.length;
        }
        if (used > 0) {
            out.write(batch, 0, used);
            out.flush();
        }
    }

    /** One final frame of {@code opcode}, masked with a fresh key (as OkHttp, not a secure random). */
    static byte[] frame(int opcode, byte[] payload) {
        int length = payload.length;
        int lengthBytes = length < 126 ? 0 : length <= 0xFFFF ? 2 : 8;
        byte[] frame = new byte[2 + lengthBytes + 4 + length];
        frame[0] = (byte) (0x80 | opcode);
        int at = 1;
        if (lengthBytes == 0) {
            frame[at++] = (byte) (0x80 | length);
        } else if (lengthBytes == 2) {
            frame[at++] = (byte) (0x80 | 126);
            frame[at++] = (byte) (length >>> 8);
            frame[at++] = (byte) length;
        } else {
            frame[at++] = (byte) (0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame[at++] = (byte) ((long) length >>> shift);
            }
        }
        int key = ThreadLocalRandom.current().nextInt();
        int keyAt = at;
        frame[at++] = (byte) (key >>> 24);
        frame[at++] = (byte) (key >>> 16);
        frame[at++] = (byte) (key >>> 8);
        frame[at++] = (byte) key;
        for (int i = 0; i < length; i++) {
            frame[at + i] = (byte) (payload[i] ^ frame[keyAt + (i & 3)]);
        }
        return frame;
    }
}
