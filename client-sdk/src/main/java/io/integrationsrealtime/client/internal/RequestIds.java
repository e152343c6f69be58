package io.integrationsrealtime.client.internal;

import java.security.SecureRandom;
import java.util.Locale;
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
        long bits = 0;
        for (byte b : random) {
            bits = bits << 8 | (b & 0xff);
        }
        this.prefix = "c-" + String.format(Locale.ROOT, "%012x", bits) + "-";
    }

    public String next() {
        return prefix + counter.incrementAndGet();
    }
}
