package io.integrationsrealtime.client.internal;

import io.integrationsrealtime.client.IntegrationsClient;
import java.util.logging.Logger;

/**
 * The client's logging: {@code java.util.logging} (JUL), all under one logger named
 * {@value IntegrationsClient#LOGGER_NAME}. JUL is the one logging API that every JVM and Android
 * has, so the client needs no logging dependency; socket.io-client-java and OkHttp log the same
 * way. Android's runtime sends JUL records to Logcat; a desktop app on SLF4J bridges JUL with
 * {@code jul-to-slf4j} (docs/client-guide.md, "Logging").
 *
 * <p>One fixed name, not one per class: R8 renames classes in a shrunk app, and names derived from
 * them would change from build to build (OkHttp names its loggers the same way). Each record still
 * names the class that logged it.
 *
 * <p>The call shape follows {@code System.Logger} (which Android lacks): {@code LOG.log(Level.WARNING,
 * "message", error)}.
 */
public final class ClientLogger {

    /** The levels the client logs at; each maps onto a {@link java.util.logging.Level}. */
    public enum Level {
        /** Finest detail: JUL {@code FINER}. */
        TRACE(java.util.logging.Level.FINER),
        /** Diagnostics: JUL {@code FINE} (Logcat's DEBUG on Android). */
        DEBUG(java.util.logging.Level.FINE),
        /** Notable events: JUL {@code INFO}. */
        INFO(java.util.logging.Level.INFO),
        /** Something went wrong and was handled: JUL {@code WARNING}. */
        WARNING(java.util.logging.Level.WARNING),
        /** Something went wrong and was not handled: JUL {@code SEVERE}. */
        ERROR(java.util.logging.Level.SEVERE);

        private final java.util.logging.Level jul;

        Level(java.util.logging.Level jul) {
            this.jul = jul;
        }
    }

    // Held here: JUL keeps loggers only weakly, and a collected one would lose its configuration.
    private static final Logger LOGGER = Logger.getLogger(IntegrationsClient.LOGGER_NAME);

    private final String sourceClass;

    private ClientLogger(Class<?> owner) {
        this.sourceClass = owner.getName();
    }

    /**
     * The client's logger, for records that name {@code owner} as their source.
     *
     * @param owner the class that logs
     * @return a logger writing to {@link IntegrationsClient#LOGGER_NAME}
     */
    public static ClientLogger of(Class<?> owner) {
        return new ClientLogger(owner);
    }

    /**
     * Logs a message.
     *
     * @param level   how severe
     * @param message the text; never a token or payload
     */
    public void log(Level level, String message) {
        log(level, message, null);
    }

    /**
     * Logs a message with the exception that caused it.
     *
     * @param level   how severe
     * @param message the text; never a token or payload
     * @param thrown  the cause, or {@code null}
     */
    public void log(Level level, String message, Throwable thrown) {
        if (LOGGER.isLoggable(level.jul)) {
            // logp names the calling class itself: JUL's own caller lookup would name this one.
            LOGGER.logp(level.jul, sourceClass, null, message, thrown);
        }
    }
}
