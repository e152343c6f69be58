package io.integrationsrealtime.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/webhooks.md quotes the demo's webhook endpoint, which the tests compile and run: the page
 * must show exactly the source between its {@code [webhook-endpoint]} markers, so that the
 * documented code cannot drift from code that works.
 */
class WebhookDocSnippetTest {

    private static final String MARKER = "// [webhook-endpoint]";
    private static final Path SOURCE = Path.of("src/main/java/io/integrationsrealtime/examples/DemoWebhookEndpoint.java");
    private static final Path PAGE = Path.of("../docs/webhooks.md");

    @Test
    void webhooksPage_quotesTheDemoEndpointAsItIs() throws IOException {
        assertThat(quotedOnThePage()).isEqualTo(betweenTheMarkers());
    }

    /** The source between the two markers, less the class body's indentation. */
    private static String betweenTheMarkers() throws IOException {
        List<String> lines = Files.readAllLines(SOURCE);
        int from = indexOf(lines, MARKER, 0);
        int to = indexOf(lines, MARKER, from + 1);
        return lines.subList(from + 1, to).stream()
                .map(line -> line.startsWith("    ") ? line.substring(4) : line)
                .collect(Collectors.joining("\n"));
    }

    /** The first java block after the page's comment that names the markers. */
    private static String quotedOnThePage() throws IOException {
        List<String> lines = Files.readAllLines(PAGE);
        int comment = indexOf(lines, "[webhook-endpoint]", 0);
        int open = indexOf(lines, "```java", comment);
        int close = indexOf(lines, "```", open + 1);
        return String.join("\n", lines.subList(open + 1, close));
    }

    private static int indexOf(List<String> lines, String text, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + text + " after line " + from);
    }
}
