package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The mesh's PostgREST dialect ({@code /rest}) as the real {@code @supabase/postgrest-js} client sees
 * it: {@code src/test/postgrest-js/interop.mjs} makes the calls an application makes and checks each
 * answer against PostgREST's documentation; every one of its cases is reported here as a test of
 * its own. The tables and keys are made through the {@code /v1} admin API, as an operator would.
 */
class PostgrestInteropIT {

    static final String TRADE_TABLE = "rest_trade";
    static final String LOG_TABLE = "rest_log";
    static final String KINDS_TABLE = "rest_kinds";
    private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);
    /** The script bounds each case at a minute; this bounds a run that hangs between them. */
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(15);
    private static final List<String> SCRIPT_FILES = List.of("package.json", "package-lock.json", "interop.mjs");

    private static MeshCluster cluster;
    private static Path node;
    private static Path workDir;
    private static Map<String, String> scriptEnvironment;

    @BeforeAll
    static void installTheClientAndMakeTablesAndKeys() throws Exception {
        node = onPath("node").orElse(null);
        Optional<Path> npm = onPath("npm");
        Assumptions.assumeTrue(node != null && npm.isPresent(), "node and npm are needed to run @supabase/postgrest-js "
                + "against the mesh, and " + (node == null ? "node" : "npm") + " is not on the PATH ("
                + System.getenv("PATH") + ")");
        cluster = SharedCluster.get();
        workDir = installClient(npm.get());
        MeshClient admin = new MeshClient(cluster);
        define(admin, TRADE_TABLE, """
                {"columns":[{"name":"id","type":"bigint","nullable":false},
                            {"name":"account","type":"text","nullable":false},
                            {"name":"qty","type":"bigint"},{"name":"price","type":"numeric"},
                            {"name":"note","type":"text"},{"name":"flag","type":"boolean"},
                            {"name":"ts","type":"timestamp"},{"name":"day","type":"date"}],
                 "primaryKey":["id"],"placement":{"strategy":"HASH","column":"id","shards":8}}""");
        define(admin, LOG_TABLE, """
                {"columns":[{"name":"at","type":"timestamp"},{"name":"level","type":"text"},{"name":"msg","type":"text"}],
                 "placement":{"strategy":"ROUND_ROBIN"}}""");
        // Reference data on every peer, with the types the other two tables leave out.
        define(admin, KINDS_TABLE, """
                {"columns":[{"name":"id","type":"uuid","nullable":false},{"name":"n","type":"integer"},
                            {"name":"r","type":"double"},{"name":"doc","type":"json"}],
                 "primaryKey":["id"],"placement":{"strategy":"REPLICATED"}}""");
        scriptEnvironment = Map.of(
                "MESH_URL", cluster.gatewayUrl(),
                "MESH_WRITER_KEY", createKey(admin, "WRITER", null),
                "MESH_READER_KEY", createKey(admin, "READER", null),
                "MESH_LOG_ONLY_KEY", createKey(admin, "WRITER", LOG_TABLE),
                "MESH_TRADE_TABLE", TRADE_TABLE,
                "MESH_LOG_TABLE", LOG_TABLE,
                "MESH_KINDS_TABLE", KINDS_TABLE,
                // The gateway's certificate is the cluster's own: Node's fetch trusts it through this.
                "NODE_EXTRA_CA_CERTS", cluster.dataDir().resolve("tls").resolve("gateway.crt").toString());
    }

    @TestFactory
    Stream<DynamicTest> shouldAnswerPostgrestJsAsPostgrestDocuments() throws Exception {
        Finished run = run(List.of(node.toString(), "interop.mjs"), workDir, scriptEnvironment, SCRIPT_TIMEOUT);
        List<DynamicTest> tests = new ArrayList<>();
        List<String> strayLines = new ArrayList<>();
        for (String line : run.stdout().lines().filter(l -> !l.isBlank()).toList()) {
            JsonNode result = parseCaseLine(line);
            if (result == null) {
                strayLines.add(line);
                continue;
            }
            String name = result.get("case").asString();
            boolean ok = result.get("ok").asBoolean();
            String detail = result.path("detail").asString("");
            tests.add(dynamicTest(name, () -> {
                // Failsafe's XML names a dynamic test by its index only: the case's name goes into
                // its output, so that passed cases can be told apart in the report too.
                System.out.println("postgrest-js case " + (ok ? "passed" : "FAILED") + ": " + name);
                if (!ok) {
                    fail(name + "\n" + detail);
                }
            }));
        }
        int cases = tests.size();
        // First, so that a harness that broke halfway is the first thing the report shows.
        tests.addFirst(dynamicTest("the interop script ran every case to its end", () -> {
            String output = "exit " + run.exitCode() + (run.timedOut() ? " (stopped after " + SCRIPT_TIMEOUT + ")" : "")
                    + "\nstderr:\n" + run.stderr() + "\nlines that are not cases:\n" + String.join("\n", strayLines);
            assertThat(run.timedOut()).as(output).isFalse();
            assertThat(run.exitCode()).as(output).isZero();
            assertThat(strayLines).as(output).isEmpty();
            assertThat(cases).as(output).isPositive();
        }));
        return tests.stream();
    }

    private static JsonNode parseCaseLine(String line) {
        try {
            JsonNode node = MeshClient.JSON.readTree(line);
            return node.isObject() && node.hasNonNull("case") && node.has("ok") ? node : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    /**
     * The script and its locked dependencies go to target/: node_modules must never appear under
     * src/, and {@code npm ci} installs exactly what the lock file pins.
     */
    private static Path installClient(Path npm) throws IOException, InterruptedException {
        Path basedir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path source = basedir.resolve("src/test/postgrest-js");
        Path target = basedir.resolve("target/postgrest-js");
        Files.createDirectories(target);
        for (String file : SCRIPT_FILES) {
            Files.copy(source.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        // The package asks for Node 22 in its engines field; the client works on Node 20, so a
        // machine whose npm treats engines strictly must not refuse it.
        Finished install = run(List.of(npm.toString(), "ci", "--no-audit", "--no-fund", "--prefer-offline",
                "--engine-strict=false"), target, Map.of(), NPM_CI_TIMEOUT);
        assertThat(!install.timedOut() && install.exitCode() == 0)
                .as("npm ci in %s: exit %d%s%nstdout:%n%s%nstderr:%n%s", target, install.exitCode(),
                        install.timedOut() ? " (stopped after " + NPM_CI_TIMEOUT + ")" : "", install.stdout(), install.stderr())
                .isTrue();
        return target;
    }

    private static void define(MeshClient admin, String table, String definition) {
        MeshClient.Response defined = admin.put("/v1/admin/tables/" + table, definition);
        assertThat(defined.status()).as(defined.raw().body()).isIn(200, 201);
    }

    private static String createKey(MeshClient admin, String role, String onlyTable) {
        String name = "postgrest-interop-" + role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"name\":\"" + name + "\",\"role\":\"" + role + "\""
                + (onlyTable == null ? "" : ",\"tables\":[\"" + onlyTable + "\"]") + "}";
        MeshClient.Response created = admin.post("/v1/admin/keys", body);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.body().get("key").asString();
    }

    private record Finished(int exitCode, boolean timedOut, String stdout, String stderr) {
    }

    /**
     * Output goes to files, not pipes, so that a chatty child never blocks on a full pipe while
     * this thread waits for it to end.
     */
    private static Finished run(List<String> command, Path dir, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("postgrest-interop-", ".out");
        Path stderr = Files.createTempFile("postgrest-interop-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            return new Finished(finished ? process.exitValue() : -1, !finished,
                    Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        List<String> names = windows ? List.of(program + ".exe", program + ".cmd") : List.of(program);
        for (String dir : path.split(File.pathSeparator)) {
            for (String name : names) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
