package dev.oltpmesh.bench;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The command line of {@code ./mesh bench}: the whole report, or one of the short runs for work on
 * the write path, which exclude each other.
 */
@Command(name = "mesh bench", mixinStandardHelpOptions = true, versionProvider = BenchCommand.Version.class,
        description = {"The side-by-side benchmark: the mesh beside PostgreSQL, Kafka and ShardingSphere-JDBC "
                + "on this machine; the report goes to benchmarks/results/latest.{json,md,png}.",
                "With --mesh-writes or --mesh-latency, only that part of the mesh's figures, logged, without a report."})
final class BenchCommand implements Callable<Integer> {

    enum Mode { REPORT, MESH_WRITES, MESH_WRITES_AFTER_MOVE, MESH_LATENCY }

    record Options(boolean quick, Path out, Mode mode) {
    }

    /** Runs the benchmark as the options say; tests put a recorder here. */
    interface Run {
        void run(Options options) throws Exception;
    }

    /** The version of the jar the benchmark runs from; a build from the sources in an IDE has none. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BenchCommand.class.getPackage().getImplementationVersion();
            return new String[]{"OLTP Mesh benchmark " + (version == null ? "(development build)" : version)};
        }
    }

    /** At most one of the short runs. */
    static final class Only {

        @Option(names = "--mesh-writes", required = true,
                description = "only the mesh's write rounds: each round's rows/s and the last round's CPU table")
        boolean meshWrites;

        @Option(names = "--mesh-latency", required = true,
                description = "only the commit latency at 50 transactions per second (one-row and four-row) and its hops")
        boolean meshLatency;
    }

    private final Run run;

    @Option(names = "--quick", description = "the short plan (about 5 minutes for the report) instead of the full one")
    boolean quick;

    @Option(names = "--profile",
            description = "a Java Flight Recorder profile of the whole run in benchmarks/results/profile.jfr "
                    + "(the mesh script starts the JVM with it)")
    boolean profile;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "benchmarks/results",
            description = "where the report goes (default: ${DEFAULT-VALUE})")
    Path out;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Only only;

    @Option(names = "--after-move", description = "with --mesh-writes: after four shards moved to a fourth peer")
    boolean afterMove;

    @Spec
    CommandSpec spec;

    private BenchCommand(Run run) {
        this.run = run;
    }

    static CommandLine commandLine(Run run) {
        return new CommandLine(new BenchCommand(run));
    }

    @Override
    public Integer call() throws Exception {
        if (afterMove && (only == null || !only.meshWrites)) {
            throw new ParameterException(spec.commandLine(), "--after-move goes with --mesh-writes");
        }
        run.run(new Options(quick, out, mode()));
        return CommandLine.ExitCode.OK;
    }

    private Mode mode() {
        if (only == null) {
            return Mode.REPORT;
        }
        if (only.meshLatency) {
            return Mode.MESH_LATENCY;
        }
        return afterMove ? Mode.MESH_WRITES_AFTER_MOVE : Mode.MESH_WRITES;
    }
}
