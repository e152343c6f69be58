package io.integrationsrealtime.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.protocol.ErrorInfo;
import io.socket.thread.EventThread;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The consumer R8 rules ship where Android Gradle Plugin looks for them ({@code META-INF/proguard/}
 * of each jar). protocol-model's are read from its jar when the build packaged it (a reactor
 * {@code verify}), else from its classes; which records they keep, ProtocolRecordsTest checks.
 */
class ConsumerRulesTest {

    @Test
    void protocolModelShipsItsRules() {
        assertThat(fileNextTo(ErrorInfo.class, "META-INF/proguard/integrations-realtime-protocol-model.pro"))
                .contains("-keep class io.integrationsrealtime.protocol.ErrorInfo {");
    }

    @Test
    void theClientsRulesKeepTheFieldItReachesByReflection() throws NoSuchFieldException {
        String rules = fileNextTo(IntegrationsClient.class, "META-INF/proguard/integrations-realtime-client-sdk.pro");

        assertThat(rules).containsIgnoringWhitespaces(
                "-keepclassmembers class io.socket.thread.EventThread { private static int counter; }");
        // The rule names the field EventThreadKeepAlive looks up, as socket.io-client-java declares it.
        Field counter = EventThread.class.getDeclaredField("counter");
        assertThat(counter.getType()).isEqualTo(int.class);
        assertThat(Modifier.isPrivate(counter.getModifiers()) && Modifier.isStatic(counter.getModifiers())).isTrue();
        assertThat(EventThreadKeepAlive.supported()).isTrue();
    }

    /** A file from the jar (or classes directory) that {@code anchor} was loaded from. */
    private static String fileNextTo(Class<?> anchor, String path) {
        try {
            Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                Path file = location.resolve(path);
                assertThat(file).as(location + " has " + path).isRegularFile();
                return Files.readString(file);
            }
            try (JarFile jar = new JarFile(location.toFile())) {
                JarEntry entry = jar.getJarEntry(path);
                assertThat(entry).as(location + " has " + path).isNotNull();
                try (InputStream in = jar.getInputStream(entry)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
