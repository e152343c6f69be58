import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Prints the RESOLVED line of each consumer build's log: which netty, Jackson, ... it ran with. */
public class ResolvedVersions {
    public static void main(String[] args) throws IOException {
        Path its = Path.of(args[0]);
        if (!Files.isDirectory(its)) {
            return;
        }
        try (Stream<Path> projects = Files.list(its).sorted()) {
            for (Path project : (Iterable<Path>) projects::iterator) {
                Path log = project.resolve("build.log");
                if (!Files.exists(log)) {
                    continue;
                }
                List<String> resolved = Files.readAllLines(log).stream().filter(line -> line.startsWith("RESOLVED ")).toList();
                System.out.printf("[consumer-tests] %-20s %s%n", project.getFileName(),
                        resolved.isEmpty() ? "(no RESOLVED line: see " + log + ")" : resolved.get(0).substring(9));
            }
        }
    }
}
