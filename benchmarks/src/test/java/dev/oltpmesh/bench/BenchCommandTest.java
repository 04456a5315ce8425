package dev.oltpmesh.bench;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's command line on its own: which run the options ask for, and what it refuses. */
class BenchCommandTest {

    private record Outcome(int exitCode, String out, String err, List<BenchCommand.Options> runs) {
    }

    private static Outcome run(String... args) {
        List<BenchCommand.Options> runs = new ArrayList<>();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BenchCommand.commandLine(runs::add);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Outcome(exitCode, out.toString(), err.toString(), runs);
    }

    private static BenchCommand.Options only(Outcome outcome) {
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.runs()).hasSize(1);
        return outcome.runs().getFirst();
    }

    @Test
    void shouldRunTheFullReportWithoutOptions() {
        assertThat(only(run())).isEqualTo(new BenchCommand.Options(false, Path.of("benchmarks/results"),
                BenchCommand.Mode.REPORT));
    }

    @Test
    void shouldRunTheQuickPlanAndTakeTheProfileOptionOfTheScript() {
        assertThat(only(run("--quick", "--profile", "--out", "/tmp/r")))
                .isEqualTo(new BenchCommand.Options(true, Path.of("/tmp/r"), BenchCommand.Mode.REPORT));
    }

    @Test
    void shouldRunOnlyTheMeshWritesAfterAMoveWhenAsked() {
        assertThat(only(run("--quick", "--mesh-writes")).mode()).isEqualTo(BenchCommand.Mode.MESH_WRITES);
        assertThat(only(run("--quick", "--mesh-writes", "--after-move")).mode())
                .isEqualTo(BenchCommand.Mode.MESH_WRITES_AFTER_MOVE);
        assertThat(only(run("--after-move", "--mesh-writes")).mode())
                .isEqualTo(BenchCommand.Mode.MESH_WRITES_AFTER_MOVE);
        assertThat(only(run("--mesh-latency")).mode()).isEqualTo(BenchCommand.Mode.MESH_LATENCY);
    }

    @Test
    void shouldRefuseTwoShortRunsAtOnce() {
        Outcome outcome = run("--mesh-writes", "--mesh-latency");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("Error: --mesh-writes, --mesh-latency are mutually exclusive")
                .contains("Usage: mesh bench");
        assertThat(outcome.runs()).isEmpty();
    }

    @Test
    void shouldRefuseAfterMoveWithoutMeshWrites() {
        for (String[] args : List.of(new String[]{"--after-move"}, new String[]{"--after-move", "--mesh-latency"})) {
            Outcome outcome = run(args);
            assertThat(outcome.exitCode()).isEqualTo(2);
            assertThat(outcome.err()).startsWith("--after-move goes with --mesh-writes");
            assertThat(outcome.runs()).isEmpty();
        }
    }

    @Test
    void shouldRefuseAnOutWithoutAFolder() {
        Outcome outcome = run("--out");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("--out");
        assertThat(outcome.runs()).isEmpty();
    }

    @Test
    void shouldRefuseAnUnknownOption() {
        Outcome outcome = run("--quik");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("Unknown option: '--quik'");
        assertThat(outcome.runs()).isEmpty();
    }

    @Test
    void shouldPrintTheUsageOnHelpAndRunNothing() {
        Outcome outcome = run("--help");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("Usage: mesh bench", "--quick", "--profile", "--mesh-writes",
                "--after-move", "--mesh-latency");
        assertThat(outcome.runs()).isEmpty();
    }
}
