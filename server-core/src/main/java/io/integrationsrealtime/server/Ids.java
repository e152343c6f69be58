package io.integrationsrealtime.server;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUIDs for executions, and for requests that came without a requestId. They
 * must be unique, not secret: nothing accepts one as proof of anything. So they come from
 * {@link ThreadLocalRandom} rather than {@link UUID#randomUUID()}, whose SecureRandom reads
 * /dev/urandom under a process-wide lock: ~2 % of server CPU per execute, and a point where every
 * backend thread waits for the others.
 */
final class Ids {

    private Ids() {
    }

    static String random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;                          // version 4
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;   // IETF variant
        return new UUID(high, low).toString();
    }
}
