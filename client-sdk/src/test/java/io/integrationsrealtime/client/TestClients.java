package io.integrationsrealtime.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Shared test harness for client tests, independent of any server: well-formed ids, clients that
 * are all closed at the end, and helpers to read a failed future. End-to-end tests add a server
 * next to it and point {@link #client(String)} at its URL.
 *
 * <pre>{@code
 * private final TestClients clients = new TestClients();
 * @AfterEach void cleanUp() { clients.close(); }
 * }</pre>
 */
final class TestClients implements AutoCloseable {

    static final String PROJECT = "6958511e8397f2dfa88090d8";
    static final String INTEGRATION = "64b2c3d4e5f6789012345678";
    static final String OTHER_INTEGRATION = "64b2c3d4e5f6789012345679";

    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();  // tests may add from other threads

    /** A client with a test token and short timeouts, closed by {@link #close()}. */
    IntegrationsClient client(String serverUrl) {
        return client(serverUrl, builder -> builder);
    }

    /** Like {@link #client(String)}, with more settings. */
    IntegrationsClient client(String serverUrl, UnaryOperator<IntegrationsClient.Builder> settings) {
        IntegrationsClient client = settings.apply(IntegrationsClient.builder()
                .serverUrl(serverUrl)
                .token("test-token")
                .ackTimeout(Duration.ofSeconds(5))
                .executionTimeout(Duration.ofSeconds(10))
                .connectTimeout(Duration.ofSeconds(5))).build();
        toClose.add(client);
        return client;
    }

    /** Anything else to close at the end (servers, sockets), closed in reverse order. */
    <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("could not close " + toClose.get(i), e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        toClose.clear();
        if (first != null) {
            throw first;
        }
    }

    /** A loopback URL where nothing listens. */
    static String unusedUrl() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The IntegrationException a future fails with within 5 s; an assertion error otherwise. */
    static IntegrationException failure(CompletableFuture<?> future) {
        return failure(future, Duration.ofSeconds(5));
    }

    static IntegrationException failure(CompletableFuture<?> future, Duration within) {
        try {
            future.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IntegrationException.class);
            return (IntegrationException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not fail within " + within, e);
        }
        throw new AssertionError("future succeeded");
    }
}
