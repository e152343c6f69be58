package io.integrationsrealtime.benchmarks.loadgen;

import java.util.concurrent.CompletableFuture;

/**
 * One client connection of the load generator: the client-sdk or plain socket.io-client-java.
 * Both send the request of {@code benchmarks/node/loadgen.mjs} and keep a fixed number in flight.
 */
interface LoadDriver extends AutoCloseable {

    /** Completes once connected (or fails). */
    CompletableFuture<Void> connect();

    /**
     * Sends {@code inflight} requests, and a new one each time an ack arrives, until
     * {@link LoadWindow#stopped()}; reports every ack to {@code window}.
     */
    void start(int inflight, LoadWindow window);

    @Override
    void close();

    /** The ids and payload of loadgen.mjs, so every client sends the same request. */
    String PROJECT_ID = "6958511e8397f2dfa88090d8";
    String INTEGRATION_ID = "64b2c3d4e5f6789012345678";
    String ENDPOINT = "getUserTweets";
    String EVENT = "integration:execute";
}
