package io.integrationsrealtime.client.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;

/**
 * A socket factory that remembers the sockets it made, for {@link DirectFrames}: given to the
 * OkHttp client copy of one websocket, it makes that websocket's socket (and those of any
 * connection attempts that failed before it).
 */
final class SocketRecorder extends SocketFactory {

    private final SocketFactory delegate;
    private final List<Socket> made = new CopyOnWriteArrayList<>();

    SocketRecorder(SocketFactory delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The one socket made that is connected and open, or null when there is not exactly one. */
    Socket theConnected() {
        Socket found = null;
        for (Socket socket : made) {
            if (socket.isConnected() && !socket.isClosed()) {
                if (found != null) {
                    return null;
                }
                found = socket;
            }
        }
        return found;
    }

    private Socket made(Socket socket) {
        made.add(socket);
        return socket;
    }

    @Override
    public Socket createSocket() throws IOException {
        return made(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return made(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return made(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return made(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return made(delegate.createSocket(address, port, localAddress, localPort));
    }
}
