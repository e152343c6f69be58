package io.integrationsrealtime.server;

import com.corundumstudio.socketio.listener.DefaultExceptionListener;
import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * netty-socketio's exception listener, quieter about what clients cause. An exception in netty's
 * pipeline (an undecodable packet, an oversized frame, a reset connection) is logged as one WARN
 * line naming its type, with the stack trace at DEBUG: netty-socketio's default logs each at ERROR
 * with its message and stack trace, and the message can carry the client's own bytes. Exceptions
 * thrown by listeners are bugs on the server side and are still logged as netty-socketio logs them.
 *
 * <p>Standalone servers use it; a host that attaches to its own netty-socketio server can set it
 * with {@code configuration.setExceptionListener(new SafeExceptionListener())}.
 */
public final class SafeExceptionListener extends DefaultExceptionListener {

    private static final Logger LOG = LoggerFactory.getLogger(SafeExceptionListener.class);

    @Override
    public boolean exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("a connection's pipeline failed with {} (caused by what the client sent, or by its network)",
                cause.getClass().getName());
        LOG.debug("pipeline failure", cause);
        return true;  // handled, as netty-socketio's default answers
    }
}
