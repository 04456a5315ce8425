package dev.oltpmesh.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's command line on its own: what it passes on, and how it refuses what it cannot start. */
class MeshCommandsTest {

    /** Records what would be started instead of starting it. */
    private static final class Recorder implements MeshCommands.Actions {
        final List<Object> started = new ArrayList<>();

        @Override
        public void up(MeshCommands.Up options) {
            started.add(options);
        }

        @Override
        public void keys(MeshCommands.Keys options) {
            started.add(options);
        }
    }

    private record Run(int exitCode, String out, String err, List<Object> started) {
    }

    private static Run run(String... args) {
        Recorder recorder = new Recorder();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MeshCommands.commandLine(recorder);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Run(exitCode, out.toString(), err.toString(), recorder.started);
    }

    @Test
    void shouldStartWithTheDefaultsOfTheContract() {
        Run run = run("up");
        assertThat(run.exitCode()).isZero();
        assertThat(run.started()).containsExactly(new MeshCommands.Up(Path.of(".mesh"), 8080, 3, 0));
    }

    @Test
    void shouldPassOnEveryOption() {
        Run run = run("up", "--data", "/tmp/m", "--port", "0", "--peers", "4", "--spare=2");
        assertThat(run.exitCode()).isZero();
        assertThat(run.started()).containsExactly(new MeshCommands.Up(Path.of("/tmp/m"), 0, 4, 2));
    }

    @Test
    void shouldRefuseAPortWithoutAValue() {
        Run run = run("up", "--port");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).hasValueSatisfying(line -> assertThat(line).contains("--port"));
        assertThat(run.err()).contains("Usage: mesh up");
        assertThat(run.started()).isEmpty();
    }

    @Test
    void shouldRefuseAPortThatIsNotANumber() {
        Run run = run("up", "--port", "eighty");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'eighty'").contains("--port");
        assertThat(run.started()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--port=65536|--port must be between 0 (any free port) and 65535, not 65536",
            "--port=-1|--port must be between 0 (any free port) and 65535, not -1",
            "--peers=0|--peers must be at least 1, not 0",
            "--spare=-1|--spare must be at least 0, not -1",
            "--peers=15 --spare=2|--peers and --spare together must be at most 16, not 17"})
    void shouldRefuseOutOfRangeValuesSayingWhatIsAllowed(String options, String message) {
        List<String> args = new ArrayList<>(List.of("up"));
        args.addAll(List.of(options.split(" ")));
        Run run = run(args.toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).hasValue(message);
        assertThat(run.err()).contains("Usage: mesh up");
        assertThat(run.started()).isEmpty();
    }

    @Test
    void shouldAcceptSixteenPeersInAll() {
        assertThat(run("up", "--peers", "12", "--spare", "4").exitCode()).isZero();
    }

    @Test
    void shouldRefuseAnUnknownOptionSuggestingTheNearestOne() {
        Run run = run("up", "--peer", "3");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Unknown options: '--peer'").contains("Possible solutions: --peers");
        assertThat(run.started()).isEmpty();
    }

    @Test
    void shouldRefuseAnUnknownCommandAndNoCommand() {
        assertThat(run("down").exitCode()).isEqualTo(2);
        Run none = run();
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).startsWith("name a command: up or keys");
    }

    @Test
    void shouldPrintTheUsageOfEveryOptionOnHelp() {
        Run run = run("up", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: mesh up", "--data=DIR", "--port=PORT", "--peers=N", "--spare=K",
                "default: 8080");
        assertThat(run.started()).isEmpty();
    }

    @Test
    void shouldListTheCommandsOnHelp() {
        for (String[] args : List.of(new String[]{"--help"}, new String[]{"help"})) {
            Run run = run(args);
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("Usage: mesh", "up", "keys", "./mesh bench --help");
        }
    }

    @Test
    void shouldPrintTheVersion() {
        Run run = run("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("OLTP Mesh ");
    }

    @Test
    void shouldRequireTheFolderOfTheKeys() {
        Run run = run("keys", "--peers", "3");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--out=DIR'");
        assertThat(run.started()).isEmpty();
    }

    @Test
    void shouldPassOnTheKeysOptions() {
        Run run = run("keys", "--out", "k8s-keys", "--peers", "3", "--first-peer", "0");
        assertThat(run.exitCode()).isZero();
        assertThat(run.started()).containsExactly(new MeshCommands.Keys(Path.of("k8s-keys"), 3, 0));
    }

    @Test
    void shouldRefuseANegativeFirstPeer() {
        Run run = run("keys", "--out", "k", "--first-peer", "-1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).hasValue("--first-peer must be at least 0, not -1");
    }
}
