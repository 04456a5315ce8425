package dev.oltpmesh.deploy;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Commands given to a shell: the images' {@code sh} is dash or busybox, not bash, so a check written
 * with bash's extensions fails there for good (a container that never turns healthy).
 */
final class Shell {

    /** Bash's own constructs, each with what it is. */
    private static final List<String[]> BASH_ONLY = List.of(
            new String[]{"/dev/tcp/", "bash's /dev/tcp pseudo-device"},
            new String[]{"/dev/udp/", "bash's /dev/udp pseudo-device"},
            new String[]{"[[", "bash's [[ test"},
            new String[]{"<<<", "a here-string"},
            new String[]{"<(", "process substitution"},
            new String[]{">(", "process substitution"},
            new String[]{"source ", "bash's source (POSIX: .)"},
            new String[]{"function ", "bash's function keyword"},
            new String[]{"declare ", "bash's declare"},
            new String[]{"&>", "bash's &> redirection"});

    /** What sh itself runs, in every POSIX shell. */
    static final Set<String> BUILT_INS = Set.of("exec", "test", "[", "echo", "printf", "true", "false", "command");

    private Shell() {
    }

    /** The first bash-only construct of the command, if it has one. */
    static Optional<String> bashOnly(String command) {
        return BASH_ONLY.stream().filter(c -> command.contains(c[0])).map(c -> c[1]).findFirst();
    }
}
