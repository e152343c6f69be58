package io.integrationsrealtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What lets Jackson bind the payload records on Android, checked for every record of the package,
 * so that a new record cannot be forgotten: a {@code @JsonProperty} on every component (Jackson on
 * Android below API 34 cannot see records and binds them through these alone; AndroidTestMode runs
 * the tests that way), and a keep rule in the consumer R8 rules the jar ships.
 */
class ProtocolRecordsTest {

    static final String RULES = "META-INF/proguard/integrations-realtime-protocol-model.pro";

    @Test
    void theModuleHasRecords() {
        assertThat(records()).contains(ErrorInfo.class, ExecuteRequest.class, WebhookReceived.class).hasSizeGreaterThan(10);
    }

    @Test
    void everyComponentIsNamedForJacksonOnItsAccessorAndCanonicalConstructorParameter() throws Exception {
        for (Class<?> record : records()) {
            RecordComponent[] components = record.getRecordComponents();
            Constructor<?> canonical = record.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            Parameter[] parameters = canonical.getParameters();
            for (int i = 0; i < components.length; i++) {
                String where = record.getSimpleName() + "." + components[i].getName();
                JsonProperty onAccessor = components[i].getAccessor().getAnnotation(JsonProperty.class);
                JsonProperty onParameter = parameters[i].getAnnotation(JsonProperty.class);
                assertThat(onAccessor).as(where).isNotNull();
                assertThat(onAccessor.value()).as(where).isNotEmpty();
                assertThat(onParameter).as(where).isEqualTo(onAccessor);
            }
        }
    }

    @Test
    void theConsumerRulesKeepEveryRecordAndEveryCustomSerializer() throws IOException {
        String rules = rules();

        for (Class<?> record : records()) {
            assertThat(rules).as(record.getName()).containsPattern(keepRuleFor(record));
            for (RecordComponent component : record.getRecordComponents()) {
                JsonSerialize serialize = component.getAccessor().getAnnotation(JsonSerialize.class);
                JsonDeserialize deserialize = component.getAccessor().getAnnotation(JsonDeserialize.class);
                if (serialize != null) {
                    assertThat(rules).as(serialize.using().getName()).containsPattern(keepRuleFor(serialize.using()));
                }
                if (deserialize != null) {
                    assertThat(rules).as(deserialize.using().getName()).containsPattern(keepRuleFor(deserialize.using()));
                }
            }
        }
    }

    private static Pattern keepRuleFor(Class<?> type) {
        return Pattern.compile("(?m)^-keep class " + Pattern.quote(type.getName()) + " \\{");
    }

    /** The rules file as this module's output holds it (what the jar packs). */
    private static String rules() throws IOException {
        try (InputStream in = ProtocolRecordsTest.class.getClassLoader().getResourceAsStream(RULES)) {
            assertThat(in).as(RULES).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every record class of this package, read from the module's classes (a directory or a jar). */
    static List<Class<?>> records() {
        String prefix = ErrorInfo.class.getPackageName().replace('.', '/') + "/";
        List<String> classFiles = new ArrayList<>();
        try {
            Path location = Path.of(ErrorInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.list(location.resolve(prefix))) {
                    files.forEach(file -> classFiles.add(prefix + file.getFileName()));
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream().forEach(entry -> classFiles.add(entry.getName()));
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new AssertionError(e);
        }
        List<Class<?>> records = new ArrayList<>();
        for (String file : classFiles) {
            if (file.startsWith(prefix) && file.endsWith(".class") && file.indexOf('/', prefix.length()) < 0) {
                String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
                try {
                    Class<?> type = Class.forName(name, false, ErrorInfo.class.getClassLoader());
                    if (type.isRecord()) {
                        records.add(type);
                    }
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return records;
    }
}
