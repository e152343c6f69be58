import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Build step of the examples module, run as a single-file Java program by exec-maven-plugin:
 * {@code npm ci} in the given folder (interop/), unless node_modules is already up to date with
 * the lockfile. Without npm on the PATH, or when npm ci fails, it prints why and what that costs
 * (no dashboard bundle, JS tests skipped) and lets the build go on, so machines without Node.js
 * still build the Java modules. A second argument {@code true} makes those cases fail the build.
 */
public final class NpmCi {

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]).toAbsolutePath().normalize();
        boolean required = args.length > 1 && Boolean.parseBoolean(args[1]);
        Path lock = folder.resolve("package-lock.json");
        Path installed = folder.resolve("node_modules/.package-lock.json");
        if (Files.exists(installed) && newer(installed, lock) && newer(installed, folder.resolve("package.json"))) {
            System.out.println("[npm] " + folder + ": node_modules is up to date with package-lock.json");
            return;
        }
        String npm = findOnPath(isWindows() ? "npm.cmd" : "npm");
        if (npm == null) {
            give("npm is not on the PATH", required);
            return;
        }
        System.out.println("[npm] npm ci in " + folder);
        Process process = new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund")
                .directory(folder.toFile()).inheritIO().start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            give("npm ci did not finish within 5 minutes", required);
        } else if (process.exitValue() != 0) {
            give("npm ci failed with exit code " + process.exitValue(), required);
        }
    }

    private static void give(String reason, boolean required) {
        String message = "[npm] " + reason + ". Without interop/node_modules the demo dashboard has no socket.io"
                + " browser bundle and the JS interop and browser tests are skipped. Install Node.js 20+ and npm"
                + " (or run `npm ci` in interop/) and build again; -Dnpm.skip=true silences this step.";
        if (required) {
            System.err.println(message);
            System.exit(1);
        }
        System.out.println(message);
    }

    private static boolean newer(Path a, Path b) throws IOException {
        return !Files.exists(b) || Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b)) >= 0;
    }

    private static String findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.isFile() && candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return null;
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    }
}
