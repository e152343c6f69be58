package io.integrationsrealtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written checks accept exactly what the documented patterns accept. */
class RequestRulesTest {

    /** Every character class boundary the patterns care about, plus non-ASCII look-alikes. */
    private static final String ALPHABET = "/09:;@AFGZ[`afgz{_.-~ \u00e9\u0660\uff10\u212a";

    private static List<String> candidates(int maxLength) {
        List<String> values = new ArrayList<>(List.of("", "64b2c3d4e5f6789012345678", "6958511E8397F2DFA88090D8",
                "getUserTweets", "a", "A-", "order-42", "x".repeat(63), "x".repeat(64), "x".repeat(65),
                "a".repeat(24), "a".repeat(23), "a".repeat(25), "b".repeat(64) + "\n", "_start", "1abc"));
        // Every 1- and 2-character string over the alphabet, and each character at the start,
        // middle and end of otherwise valid values of several lengths.
        for (char a : ALPHABET.toCharArray()) {
            values.add(String.valueOf(a));
            for (char b : ALPHABET.toCharArray()) {
                values.add("" + a + b);
            }
            for (String valid : List.of("64b2c3d4e5f6789012345678", "getUserTweets", "r".repeat(64))) {
                values.add(a + valid.substring(1));
                values.add(valid.substring(0, 10) + a + valid.substring(11));
                values.add(valid.substring(0, valid.length() - 1) + a);
                values.add(valid + a);
            }
        }
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(maxLength + 1);
            for (int j = 0; j < length; j++) {
                value.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            values.add(value.toString());
        }
        return values;
    }

    private static void sameAs(Pattern pattern, Predicate<String> check) {
        int accepted = 0;
        for (String value : candidates(70)) {
            boolean expected = pattern.matcher(value).matches();
            assertThat(check.test(value)).as("%s on \"%s\"", pattern, value).isEqualTo(expected);
            accepted += expected ? 1 : 0;
        }
        assertThat(accepted).as("some candidates are valid").isPositive();
        assertThat(check.test(null)).isFalse();
    }

    @Test
    void isId_acceptsExactlyWhatIdAccepts() {
        sameAs(RequestRules.ID, RequestRules::isId);
    }

    @Test
    void isRequestId_acceptsExactlyWhatRequestIdAccepts() {
        sameAs(RequestRules.REQUEST_ID, RequestRules::isRequestId);
    }

    @Test
    void isEndpoint_acceptsExactlyWhatEndpointAccepts() {
        sameAs(RequestRules.ENDPOINT, RequestRules::isEndpoint);
    }
}
