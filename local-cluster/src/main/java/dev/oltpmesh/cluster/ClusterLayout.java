package dev.oltpmesh.cluster;

import dev.oltpmesh.model.security.ServiceRole;
import dev.oltpmesh.support.identity.KeyFiles;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where a local cluster keeps its data and which ports it uses. Ports are chosen once, on the
 * first start, and kept in {@code ports.properties}, so a restart finds every service where it was.
 */
final class ClusterLayout {

    private final Path dir;
    private final Properties ports = new Properties();

    ClusterLayout(Path dir) throws IOException {
        this.dir = dir.toAbsolutePath();
        Files.createDirectories(this.dir);
        Path file = this.dir.resolve("ports.properties");
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                ports.load(reader);
            }
        }
    }

    Path dir() {
        return dir;
    }

    Path kafkaDir() {
        return dir.resolve("kafka");
    }

    Path postgresDir(String name) {
        return dir.resolve("postgres").resolve(name);
    }

    synchronized int port(String name) throws IOException {
        String known = ports.getProperty(name);
        if (known != null) {
            return Integer.parseInt(known);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ports.setProperty(name, Integer.toString(port));
        try (Writer writer = Files.newBufferedWriter(dir.resolve("ports.properties"))) {
            ports.store(writer, "ports of this local OLTP Mesh, chosen on its first start");
        }
        return port;
    }

    /** The first admin API key: made on the first start (owner-only file), then read back. */
    String adminKey() throws IOException {
        Path file = dir.resolve("admin.key");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String key = "mesh_admin_" + HexFormat.of().formatHex(bytes);
        KeyFiles.writeOwnerOnly(file, key + "\n");
        return key;
    }

    /** Every service of a mesh with these peers, by the id its key pair is named after, and its role. */
    static Map<String, ServiceRole> services(List<String> peerIds) {
        Map<String, ServiceRole> services = new LinkedHashMap<>();
        services.put("config", ServiceRole.CONFIG);
        services.put("router", ServiceRole.ROUTER);
        services.put("gateway", ServiceRole.GATEWAY);
        peerIds.forEach(peer -> services.put(peer, ServiceRole.PEER));
        return services;
    }
}
