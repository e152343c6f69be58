package io.integrationsrealtime.server.redis.fault;

import io.integrationsrealtime.server.TcpProxy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link FaultNode} in a JVM of its own, behind a {@link TcpProxy} that plays its load balancer
 * (clients use {@link #url()}; the test re-points it to another node when this one dies). Its
 * stdout and stderr lines are kept with the time they arrived, and written to
 * {@code target/fault-logs/} for a look after a failure.
 */
final class NodeProcess implements AutoCloseable {

    /** One line of the node's output and when the test read it. */
    record Line(long nanos, String text) {
    }

    final String name;
    private final Process process;
    private final PrintWriter commands;
    private final List<Line> out = new CopyOnWriteArrayList<>();
    private final List<Line> err = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();
    private final TcpProxy balancer;
    private final int port;
    private final Writer log;
    private final List<Thread> readers = new CopyOnWriteArrayList<>();

    private NodeProcess(String name, Process process, Path logs) throws Exception {
        this.name = name;
        this.process = process;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        log = Files.newBufferedWriter(logs.resolve(name + ".log"), StandardCharsets.UTF_8);
        pump(process.getInputStream(), out, "out");
        pump(process.getErrorStream(), err, "err");
        port = ready.get(60, TimeUnit.SECONDS);
        balancer = new TcpProxy(port);
    }

    /**
     * Starts a node on {@code redisUrl} under {@code prefix}, keeping {@code replayEvents} events
     * per room; returns once it listens.
     */
    static NodeProcess start(String name, String redisUrl, String prefix, int replayEvents, String test) throws Exception {
        Path logs = Path.of("target", "fault-logs", test);
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                // Lettuce logs its own reconnect attempts (INFO, and WARN with a stack trace, per
                // connection every 5 s); docs/scaling.md tells hosts to set this level to keep only
                // the node's one WARN and one INFO per outage.
                "-Dorg.slf4j.simpleLogger.log.io.lettuce.core.protocol=error",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                FaultNode.class.getName(), redisUrl, prefix, String.valueOf(replayEvents)));
        Process process = new ProcessBuilder(command).start();
        try {
            return new NodeProcess(name, process, logs);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The address clients of this node use: its load balancer. */
    String url() {
        return "http://127.0.0.1:" + balancer.port();
    }

    int port() {
        return port;
    }

    TcpProxy balancer() {
        return balancer;
    }

    /** Sends a command (see {@link FaultNode}). */
    void send(String command) {
        commands.println(command);
    }

    /** SIGKILL: the process ends at once, nothing of it runs any more. */
    void kill() throws InterruptedException {
        // Through the handle: Process.destroy* would also close our ends of its pipes, losing what is still in them.
        process.toHandle().destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        readAll();
    }

    /**
     * SIGTERM: the node drains and exits; returns its exit code (143 for a JVM that ran its
     * shutdown hooks on SIGTERM), once everything it wrote has been read.
     */
    int terminate(long timeoutSeconds) throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not exit within " + timeoutSeconds + " s of SIGTERM");
        }
        readAll();
        return process.exitValue();
    }

    /** Waits until the output of an ended process has been read to its end. */
    private void readAll() throws InterruptedException {
        for (Thread reader : readers) {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** stdout lines so far that match. */
    List<Line> out(Predicate<String> matching) {
        return out.stream().filter(line -> matching.test(line.text())).toList();
    }

    /** stderr (log) lines so far that arrived after {@code sinceNanos} and match. */
    List<Line> log(long sinceNanos, Predicate<String> matching) {
        return err.stream().filter(line -> line.nanos() - sinceNanos >= 0 && matching.test(line.text())).toList();
    }

    private void pump(InputStream stream, List<Line> lines, String kind) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String text = in.readLine(); text != null; text = in.readLine()) {
                    lines.add(new Line(System.nanoTime(), text));
                    if (text.startsWith("READY ")) {
                        ready.complete(Integer.parseInt(text.substring(6)));
                    }
                    synchronized (log) {
                        log.write(kind + " " + text + "\n");
                        log.flush();
                    }
                }
            } catch (IOException ended) {
                // the process is gone
            } finally {
                ready.completeExceptionally(new IllegalStateException(name + " ended before it was ready"));
            }
        }, name + "-" + kind);
        reader.setDaemon(true);
        readers.add(reader);
        reader.start();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (balancer != null) {
            balancer.close();
        }
        synchronized (log) {
            log.close();
        }
    }
}
