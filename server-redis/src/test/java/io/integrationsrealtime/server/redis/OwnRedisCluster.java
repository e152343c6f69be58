package io.integrationsrealtime.server.redis;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.SlotHash;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Cluster of three masters, each with {@code replicas} replicas, on free loopback ports,
 * built with {@code redis-cli --cluster create}.
 */
final class OwnRedisCluster implements AutoCloseable {

    /** Every process, masters first as created (with replicas, redis-cli chooses the roles). */
    final List<OwnRedis> masters = new ArrayList<>();

    OwnRedisCluster() throws IOException, InterruptedException {
        this(0);
    }

    OwnRedisCluster(int replicas) throws IOException, InterruptedException {
        try {
            for (int i = 0; i < 3 * (1 + replicas); i++) {
                masters.add(OwnRedis.server("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "1000"));
            }
            List<String> create = new ArrayList<>(List.of(OwnRedis.binary("redis-cli"), "--cluster", "create"));
            for (OwnRedis master : masters) {
                create.add("127.0.0.1:" + master.port);
            }
            create.addAll(List.of("--cluster-replicas", String.valueOf(replicas), "--cluster-yes"));
            String created = OwnRedis.run(create);
            if (!created.contains("All 16384 slots covered")) {
                throw new IOException("cluster not created: " + created);
            }
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> masters.stream()
                    .allMatch(master -> String.valueOf(master.cliQuiet("CLUSTER", "INFO")).contains("cluster_state:ok")));
            // Replicas that have not finished their first sync cannot take over: wait for it.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> masters.stream()
                    .map(node -> String.valueOf(node.cliQuiet("INFO", "replication")))
                    .allMatch(info -> info.contains("role:master") || info.contains("master_link_status:up")));
        } catch (IOException | RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    /** {@code redis-cluster://127.0.0.1:<p1>,127.0.0.1:<p2>,127.0.0.1:<p3>} */
    String url() {
        StringBuilder url = new StringBuilder(ClusterLink.SCHEME);
        for (OwnRedis master : masters) {
            url.append(url.length() > ClusterLink.SCHEME.length() ? "," : "").append("127.0.0.1:").append(master.port);
        }
        return url.toString();
    }

    /** The master that owns {@code slot} now. */
    OwnRedis ownerOf(int slot) throws IOException, InterruptedException {
        return ownerOf(slot, masters.get(0));
    }

    /** The master that owns {@code slot} now, as {@code asked} sees it. */
    OwnRedis ownerOf(int slot, OwnRedis asked) throws IOException, InterruptedException {
        String nodes = asked.cli("CLUSTER", "NODES");
        for (String line : nodes.split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length < 3 || !fields[2].contains("master") || fields[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < fields.length; i++) {
                if (fields[i].startsWith("[")) {
                    continue;
                }
                String[] range = fields[i].split("-");
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    int port = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
                    return masters.stream().filter(master -> master.port == port).findFirst().orElseThrow();
                }
            }
        }
        throw new IllegalStateException("no master owns slot " + slot);
    }

    /** The slot of a room's keys and channel. */
    static int slotOf(String room) {
        return SlotHash.getSlot("{" + room + "}");
    }

    /** Moves {@code slot} with its keys from its owner to {@code target}, as {@code redis-cli --cluster reshard} does. */
    void moveSlot(int slot, OwnRedis target) throws IOException, InterruptedException {
        OwnRedis source = ownerOf(slot);
        String sourceId = source.cli("CLUSTER", "MYID");
        String targetId = target.cli("CLUSTER", "MYID");
        expectOk(target.cli("CLUSTER", "SETSLOT", String.valueOf(slot), "IMPORTING", sourceId));
        expectOk(source.cli("CLUSTER", "SETSLOT", String.valueOf(slot), "MIGRATING", targetId));
        while (true) {
            String keys = source.cli("CLUSTER", "GETKEYSINSLOT", String.valueOf(slot), "100");
            if (keys.isBlank()) {
                break;
            }
            List<String> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", String.valueOf(target.port), "", "0",
                    "5000", "REPLACE", "KEYS"));
            migrate.addAll(List.of(keys.split("\n")));
            expectOk(source.cli(migrate.toArray(String[]::new)));
        }
        for (OwnRedis master : List.of(target, source)) {
            expectOk(master.cli("CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", targetId));
        }
        for (OwnRedis master : masters) {
            if (master != target && master != source) {
                expectOk(master.cli("CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", targetId));
            }
        }
    }

    private static void expectOk(String reply) throws IOException {
        if (!reply.startsWith("OK")) {
            throw new IOException("unexpected reply: " + reply);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (OwnRedis master : masters) {
            master.close();
        }
    }
}
