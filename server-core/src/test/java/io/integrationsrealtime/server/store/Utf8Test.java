package io.integrationsrealtime.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void writesWhatTheJdkWrites_forAnyString() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String text = randomText(random);
            byte[] expected = text.getBytes(StandardCharsets.UTF_8);
            byte[] into = new byte[expected.length + 3];

            int end = Utf8.encode(text, into, 2);

            assertThat(Utf8.length(text)).as("length of %s", text).isEqualTo(expected.length);
            assertThat(end).isEqualTo(2 + expected.length);
            assertThat(Arrays.copyOfRange(into, 2, end)).as("bytes of %s", text).isEqualTo(expected);
        }
    }

    @Test
    void keyBytes_areUtf8ForWellFormedKeys_andNeverShared() {
        Random random = new Random(8);
        Map<String, String> keysByBytes = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            String key = randomText(random);
            byte[] bytes = Utf8.keyBytes(key);
            if (key.equals(new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))) {
                assertThat(bytes).isEqualTo(key.getBytes(StandardCharsets.UTF_8));
            }
            String other = keysByBytes.putIfAbsent(new String(bytes, StandardCharsets.ISO_8859_1), key);
            assertThat(other == null || other.equals(key)).as("%s and %s share their bytes", key, other).isTrue();
        }
        assertThat(Utf8.keyBytes("x" + (char) 0xD800)).isNotEqualTo(Utf8.keyBytes("x?"));
    }

    /** Short strings of ASCII, two- and three-byte characters, pairs and unpaired surrogates. */
    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(8);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(7)) {
                case 0 -> text.append((char) random.nextInt(0x80));
                case 1 -> text.append((char) (0x80 + random.nextInt(0x800 - 0x80)));
                case 2 -> text.append((char) (0x800 + random.nextInt(0xD800 - 0x800)));
                case 3 -> text.append((char) (0xE000 + random.nextInt(0x10000 - 0xE000)));
                case 4 -> text.appendCodePoint(0x10000 + random.nextInt(0x110000 - 0x10000));
                case 5 -> text.append((char) (0xD800 + random.nextInt(0x400)));   // high, maybe unpaired
                default -> text.append(random.nextBoolean() ? '?' : (char) (0xDC00 + random.nextInt(0x400)));
            }
        }
        return text.toString();
    }
}
