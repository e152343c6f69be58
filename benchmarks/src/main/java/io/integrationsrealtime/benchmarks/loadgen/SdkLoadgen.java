package io.integrationsrealtime.benchmarks.loadgen;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.HdrHistogram.Histogram;

/**
 * The Java twin of {@code benchmarks/node/loadgen.mjs}: N connections, each keeping K
 * {@code integration:execute} requests in flight, a warm-up, then a measured window; prints the
 * same one-line JSON. {@code --client sdk} goes through client-sdk, {@code --client raw} through
 * plain socket.io-client-java (the floor for the SDK).
 *
 * <p>Usage: {@code SdkLoadgen --client sdk|raw --url http://127.0.0.1:PORT --connections N
 * --inflight K --warmup S --duration S [--server-pid PID] [--request-ids off] [--stdin]}.
 * With {@code --stdin} the JVM stays up and runs one measurement per input line
 * {@code run <connections> <inflight> <warmupS> <durationS>} (so runs of a warmed JVM can alternate
 * with other clients); {@code quit} or end of input exits. Every run is bounded: the JVM exits
 * with status 2 when a run takes longer than warm-up + duration + 30 s.
 */
public final class SdkLoadgen {

    private final Map<String, String> args;
    private final OkHttpClient http;

    private SdkLoadgen(Map<String, String> args) {
        this.args = args;
        String url = args.getOrDefault("url", "");
        if (!url.startsWith("http://127.0.0.1:")) {
            throw new IllegalArgumentException("--url must be http://127.0.0.1:<port> (loopback only)");
        }
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(4096);
        dispatcher.setMaxRequestsPerHost(4096);  // OkHttp's default of 5 would cap connections
        this.http = new OkHttpClient.Builder().dispatcher(dispatcher).readTimeout(1, TimeUnit.MINUTES).build();
    }

    public static void main(String[] argv) {
        try {
            runAll(parse(argv));
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);  // socket.io-client and OkHttp leave non-daemon threads behind
    }

    private static void runAll(Map<String, String> args) throws Exception {
        SdkLoadgen loadgen = new SdkLoadgen(args);
        if (args.containsKey("stdin")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.isBlank() && !line.equals("quit")) {
                String[] words = line.trim().split("\\s+");
                if (words.length != 5 || !words[0].equals("run")) {
                    throw new IllegalArgumentException("expected: run <connections> <inflight> <warmupS> <durationS>");
                }
                loadgen.run(Integer.parseInt(words[1]), Integer.parseInt(words[2]),
                        Double.parseDouble(words[3]), Double.parseDouble(words[4]));
            }
        } else {
            loadgen.run(Integer.parseInt(args.getOrDefault("connections", "1")),
                    Integer.parseInt(args.getOrDefault("inflight", "4")),
                    Double.parseDouble(args.getOrDefault("warmup", "2")),
                    Double.parseDouble(args.getOrDefault("duration", "5")));
        }
    }

    private void run(int connections, int inflight, double warmupS, double durationS) throws Exception {
        long limitMs = Math.round((warmupS + durationS) * 1000) + 30_000;
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limitMs);
                System.err.println("SdkLoadgen: hard time limit reached");
                Runtime.getRuntime().halt(2);
            } catch (InterruptedException done) {
                // the run ended in time
            }
        }, "loadgen-time-limit");
        watchdog.setDaemon(true);
        watchdog.start();

        String serverPid = args.get("server-pid");
        LoadWindow window = new LoadWindow();
        List<LoadDriver> drivers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            drivers.add(newDriver());
        }
        CompletableFuture.allOf(drivers.stream().map(LoadDriver::connect).toArray(CompletableFuture[]::new))
                .get(20, TimeUnit.SECONDS);
        for (LoadDriver driver : drivers) {
            driver.start(inflight, window);
        }

        Thread.sleep(Math.round(warmupS * 1000));
        double serverCpuStart = serverPid == null ? Double.NaN : ProcStat.cpuSeconds(serverPid);
        double ownCpuStart = ProcStat.cpuSeconds("self");
        long start = System.nanoTime();
        window.startMeasuring();
        Thread.sleep(Math.round(durationS * 1000));
        Histogram latency = window.stopMeasuring();
        double elapsedS = (System.nanoTime() - start) / 1e9;
        double serverCpuS = serverPid == null ? Double.NaN : ProcStat.cpuSeconds(serverPid) - serverCpuStart;
        double ownCpuS = ProcStat.cpuSeconds("self") - ownCpuStart;
        window.stop();
        double serverRssKib = serverPid == null ? Double.NaN : ProcStat.rssKib(serverPid);

        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (window.outstanding() > 0 && System.nanoTime() < drainUntil) {
            Thread.sleep(10);
        }
        drivers.forEach(LoadDriver::close);
        watchdog.interrupt();

        long roundTrips = latency.getTotalCount();
        System.out.println(String.format(Locale.ROOT,
                "{\"connections\":%d,\"inflight\":%d,\"seconds\":%s,\"roundTrips\":%d,\"errors\":%d,"
                        + "\"rtPerSec\":%s,\"serverCpuS\":%s,\"serverCpuUsPerRt\":%s,\"serverCpuPct\":%s,"
                        + "\"loadgenCpuPct\":%s,\"p50Us\":%d,\"p99Us\":%d,\"p999Us\":%d,\"maxUs\":%d,"
                        + "\"serverRssKib\":%s,\"unanswered\":%d}",
                connections, inflight, num(elapsedS, 3), roundTrips, window.errors(),
                num(roundTrips / elapsedS, 0), num(serverCpuS, 2), num(serverCpuS * 1e6 / roundTrips, 1),
                num(serverCpuS / elapsedS * 100, 0), num(ownCpuS / elapsedS * 100, 0),
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
                latency.getValueAtPercentile(99.9), latency.getMaxValue(), num(serverRssKib, 0),
                window.outstanding()));
        System.out.flush();
    }

    private LoadDriver newDriver() {
        String url = args.get("url");
        String client = args.getOrDefault("client", "sdk");
        boolean requestIds = !"off".equals(args.get("request-ids"));
        return switch (client) {
            case "sdk", "sdk-direct" -> {
                if (!requestIds) {
                    throw new IllegalArgumentException("client-sdk always sends a requestId; --request-ids off is for --client raw");
                }
                yield new SdkDriver(url, http, client.equals("sdk-direct"));
            }
            case "raw" -> new RawSocketIoDriver(url, http, requestIds);
            default -> throw new IllegalArgumentException("--client must be sdk, sdk-direct or raw");
        };
    }

    /** JSON number as loadgen.mjs rounds it; NaN and infinities become null, as JSON.stringify does. */
    private static String num(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "null";
        }
        double scale = Math.pow(10, digits);
        double rounded = Math.round(value * scale) / scale;
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded) : Double.toString(rounded);
    }

    private static Map<String, String> parse(String[] argv) {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + argv[i]);
            }
            String name = argv[i].substring(2);
            boolean flag = name.equals("stdin");
            args.put(name, flag ? "true" : argv[++i]);
        }
        return args;
    }
}
