package dev.oltpmesh.cluster;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The command line of {@code ./mesh up} and {@code ./mesh keys}: options typed and checked before
 * anything starts, so a mistake is one clear line, the usage and exit code 2 rather than a stack trace
 * from half a cluster.
 */
final class MeshCommands {

    /** The most peers (spares included) one JVM is meant to run, each with its own PostgreSQL server and service. */
    static final int MAX_PEERS = 16;

    /** What the commands do once their options are valid; tests put a recorder here. */
    interface Actions {

        void up(Up options) throws Exception;

        void keys(Keys options) throws Exception;
    }

    record Up(Path data, int port, int peers, int spare) {
    }

    record Keys(Path out, int peers, int firstPeer) {
    }

    private MeshCommands() {
    }

    static CommandLine commandLine(Actions actions) {
        return new CommandLine(new Mesh())
                .addSubcommand(new UpCommand(actions))
                .addSubcommand(new KeysCommand(actions))
                .addSubcommand(new CommandLine.HelpCommand());
    }

    /** The version of the jar the launcher runs from; a build from the sources in an IDE has none. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MeshCommands.class.getPackage().getImplementationVersion();
            return new String[]{"OLTP Mesh " + (version == null ? "(development build)" : version)};
        }
    }

    @Command(name = "mesh", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "OLTP Mesh on this machine: a Kafka broker, PostgreSQL servers and every service in one JVM.",
            footer = "%nThe benchmark runs from the mesh script: ./mesh bench --help")
    static final class Mesh implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "name a command: up or keys");
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Starts the whole mesh in this JVM, data kept in a folder across restarts; Ctrl-C stops it.")
    static final class UpCommand implements Callable<Integer> {

        private final Actions actions;

        @Spec
        CommandSpec spec;

        @Option(names = "--data", paramLabel = "DIR", defaultValue = ".mesh",
                description = "where Kafka, PostgreSQL, the keys and the certificate keep their data (default: ${DEFAULT-VALUE})")
        Path data;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
                description = "the gateway's HTTPS port, 0 for any free one (default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--peers", paramLabel = "N", defaultValue = "3",
                description = "peers peer-1 ... peer-N, each with its own PostgreSQL server (default: ${DEFAULT-VALUE})")
        int peers;

        @Option(names = "--spare", paramLabel = "K", defaultValue = "0",
                description = "spare peers peer-N+1 ... peer-N+K that hold nothing until added with "
                        + "PUT /v1/admin/peers/{id} (default: ${DEFAULT-VALUE}); peers and spares together at most "
                        + MAX_PEERS)
        int spare;

        UpCommand(Actions actions) {
            this.actions = actions;
        }

        @Override
        public Integer call() throws Exception {
            if (port < 0 || port > 65_535) {
                throw invalid("--port must be between 0 (any free port) and 65535, not " + port);
            }
            if (peers < 1) {
                throw invalid("--peers must be at least 1, not " + peers);
            }
            if (spare < 0) {
                throw invalid("--spare must be at least 0, not " + spare);
            }
            if (peers + spare > MAX_PEERS) {
                throw invalid("--peers and --spare together must be at most " + MAX_PEERS + ", not " + (peers + spare));
            }
            actions.up(new Up(data, port, peers, spare));
            return CommandLine.ExitCode.OK;
        }

        private ParameterException invalid(String message) {
            return new ParameterException(spec.commandLine(), message);
        }
    }

    @Command(name = "keys", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"A key pair for every service of a mesh (config, router, gateway, peer-N) and a Kafka password "
                    + "for each, for deployments that hand them out as secrets: the peers' passwords in DIR/kafka-peers/, "
                    + "the others' in DIR/kafka-users/. What is already in the folder is kept."})
    static final class KeysCommand implements Callable<Integer> {

        private final Actions actions;

        @Spec
        CommandSpec spec;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "the folder to write them to")
        Path out;

        @Option(names = "--peers", paramLabel = "N", defaultValue = "3",
                description = "how many peers (default: ${DEFAULT-VALUE})")
        int peers;

        @Option(names = "--first-peer", paramLabel = "I", defaultValue = "1",
                description = "the number of the first peer, peer-I (default: ${DEFAULT-VALUE}; a Kubernetes "
                        + "StatefulSet counts from 0)")
        int firstPeer;

        KeysCommand(Actions actions) {
            this.actions = actions;
        }

        @Override
        public Integer call() throws Exception {
            if (peers < 1) {
                throw new ParameterException(spec.commandLine(), "--peers must be at least 1, not " + peers);
            }
            if (firstPeer < 0) {
                throw new ParameterException(spec.commandLine(), "--first-peer must be at least 0, not " + firstPeer);
            }
            actions.keys(new Keys(out, peers, firstPeer));
            return CommandLine.ExitCode.OK;
        }
    }
}
