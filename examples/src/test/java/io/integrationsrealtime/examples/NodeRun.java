package io.integrationsrealtime.examples;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a Node.js program of the {@code interop/} folder from a JUnit test, with a deadline, and
 * returns its exit code and output (also echoed to the test's stdout and saved under
 * {@code target/interop/}). When Node.js or the npm dependencies are missing the test is skipped
 * with a message saying how to get them; with the environment variable {@code INTEROP_REQUIRED=1}
 * (set by {@code .ci/run}) it fails instead, so CI never skips silently.
 */
final class NodeRun {

    static final Path INTEROP = Path.of(System.getProperty("interop.dir", "../interop")).toAbsolutePath().normalize();
    static final Path OUTPUT = Path.of(System.getProperty("interop.outputDir", "target/interop")).toAbsolutePath().normalize();
    private static final String HOW = " Install Node.js 20+ and npm and run `npm ci` in " + INTEROP
            + " (the examples build does it when npm is on the PATH).";

    record Result(int exitCode, String output) {
    }

    private NodeRun() {
    }

    /** Skips (or, in CI, fails) unless node runs and {@code interop/node_modules/<module>} is installed. */
    static void requireNodeAndModules(String... modules) {
        require(nodeVersion() != null, "`node` is not on the PATH: the JS client tests need it." + HOW);
        for (String module : modules) {
            require(Files.isRegularFile(INTEROP.resolve("node_modules").resolve(module).resolve("package.json")),
                    "npm package " + module + " is not installed in " + INTEROP.resolve("node_modules") + "." + HOW);
        }
    }

    static void require(boolean condition, String message) {
        if ("1".equals(System.getenv("INTEROP_REQUIRED")) && !condition) {
            fail(message + " (INTEROP_REQUIRED=1, so this fails instead of being skipped)");
        }
        Assumptions.assumeTrue(condition, message);
    }

    /** Runs {@code node args...} in the interop folder with these extra environment variables. */
    static Result run(String logName, Map<String, String> env, Duration deadline, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("node");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(INTEROP.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("NO_COLOR", "1");
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> copyLines(process, output), "node-output-" + logName);
        reader.setDaemon(true);
        reader.start();
        boolean finished = process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        String text;
        synchronized (output) {
            text = output.toString();
        }
        Files.createDirectories(OUTPUT);
        Files.writeString(OUTPUT.resolve(logName + ".log"), text);
        if (!finished) {
            fail("node " + String.join(" ", args) + " did not finish within " + deadline + "; output:\n" + text);
        }
        return new Result(process.exitValue(), text);
    }

    private static void copyLines(Process process, StringBuilder output) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                System.out.println("[node] " + line);
                synchronized (output) {
                    output.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // the process went away; what was read is kept
        }
    }

    private static String nodeVersion() {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.exitValue() == 0 ? version : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
