package io.integrationsrealtime.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.client.internal.ClientLogger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientLoggerTest {

    private final Logger jul = Logger.getLogger(IntegrationsClient.LOGGER_NAME);
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private java.util.logging.Level levelBefore;

    @BeforeEach
    void listen() {
        levelBefore = jul.getLevel();
        jul.addHandler(recorder);
        jul.setUseParentHandlers(false);  // the test's warning is not printed to the console
    }

    @AfterEach
    void stopListening() {
        jul.removeHandler(recorder);
        jul.setUseParentHandlers(true);
        jul.setLevel(levelBefore);
    }

    @Test
    void recordsGoToTheClientsJulLoggerNamingTheClassThatLogged() {
        IllegalStateException cause = new IllegalStateException("boom");

        ClientLogger.of(SerialExecutor.class).log(Level.WARNING, "a client callback threw; ignored", cause);

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLoggerName()).isEqualTo("io.integrationsrealtime.client.IntegrationsClient");
            assertThat(record.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(record.getSourceClassName()).isEqualTo(SerialExecutor.class.getName());
            assertThat(record.getMessage()).isEqualTo("a client callback threw; ignored");
            assertThat(record.getThrown()).isSameAs(cause);
        });
    }

    @Test
    void debugLinesAppearOnlyWhenTheLoggerAllowsFine() {
        jul.setLevel(java.util.logging.Level.INFO);
        ClientLogger log = ClientLogger.of(EventThreadKeepAlive.class);

        log.log(Level.DEBUG, "hidden");
        log.log(Level.ERROR, "shown");
        jul.setLevel(java.util.logging.Level.FINE);
        log.log(Level.DEBUG, "shown too");

        assertThat(records).extracting(LogRecord::getMessage).containsExactly("shown", "shown too");
        assertThat(records).extracting(LogRecord::getLevel)
                .containsExactly(java.util.logging.Level.SEVERE, java.util.logging.Level.FINE);
    }
}
