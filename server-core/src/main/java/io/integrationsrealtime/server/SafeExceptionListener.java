package io.integrationsrealtime.server;

import com.corundumstudio.socketio.listener.DefaultExceptionListener;
import io.netty.channel.ChannelHandlerContext;
import io.integrationsrealtime.server.internal.engine.ClientLog;

/**
 * netty-socketio's exception listener, quieter about what clients cause. An exception in netty's
 * pipeline (an undecodable packet, an oversized frame, a reset connection) is logged as one WARN
 * line naming its type, at most one per type every few seconds, with the stack trace at DEBUG:
 * netty-socketio's default logs each at ERROR with its message and stack trace, and the message
 * can carry the client's own bytes. Exceptions thrown by listeners are bugs on the server side and
 * are still logged as netty-socketio logs them.
 *
 * <p>Standalone servers use it; a host that attaches to its own netty-socketio server can set it
 * with {@code configuration.setExceptionListener(new SafeExceptionListener())}. With server-core's
 * Engine.IO layer installed (standalone, or attached before the host starts) pipeline failures
 * are handled by that layer in the same way and do not reach this listener.
 */
public final class SafeExceptionListener extends DefaultExceptionListener {

    @Override
    public boolean exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ClientLog.failed("connection pipeline (caused by what the client sent, or by its network)", cause);
        return true;  // handled, as netty-socketio's default answers
    }
}
