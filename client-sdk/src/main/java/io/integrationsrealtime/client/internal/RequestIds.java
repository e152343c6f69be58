package io.integrationsrealtime.client.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes request ids unique across clients and restarts: a random per-client prefix and a counter,
 * e.g. {@code c-3fa91c0d2b7e-17}, within the protocol's {@code [A-Za-z0-9_.:-]{1,64}}.
 */
public final class RequestIds {

    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    public RequestIds() {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        this.prefix = "c-" + HexFormat.of().formatHex(random) + "-";
    }

    public String next() {
        return prefix + counter.incrementAndGet();
    }
}
