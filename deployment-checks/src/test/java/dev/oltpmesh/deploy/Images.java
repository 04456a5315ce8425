package dev.oltpmesh.deploy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the images of the deployments hold, for checks that cannot start a container here (no Docker
 * engine on the build machines). The mesh's own images are read from deploy/Dockerfile; the others
 * are facts about their published images, written down once.
 */
final class Images {

    static final String OWN_PREFIX = "oltp-mesh/";

    /** Programs a healthcheck or probe may run, by image repository (tag left off). */
    private static final Map<String, Set<String>> PROGRAMS = Map.of(
            // Debian-based: PostgreSQL's client programs and coreutils.
            "postgres", Set.of("pg_isready", "psql", "test", "sh"),
            // Alpine-based: busybox (test, wget, sh) and bash for Kafka's own scripts.
            "apache/kafka", Set.of("test", "bash", "sh", "wget"),
            // Busybox-based: wget, no curl.
            "prom/prometheus", Set.of("wget", "sh"),
            // Alpine-based: busybox wget, and curl.
            "grafana/grafana", Set.of("wget", "curl", "sh"),
            "curlimages/curl", Set.of("curl", "sh"));

    /** Where an image keeps what must outlive its container, unless its environment says elsewhere. */
    private static final Map<String, String> DATA = Map.of(
            // postgres 18 keeps PGDATA in a folder per major version under this one, and asks for this one mounted.
            "postgres", "/var/lib/postgresql",
            "prom/prometheus", "/prometheus",
            "grafana/grafana", "/var/lib/grafana");

    private static final Pattern APT_INSTALL = Pattern.compile("apt-get install ([^&;\\\\\\n]*)");

    private Images() {
    }

    static String repository(String image) {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
    }

    static Set<String> programs(String image) {
        String repository = repository(image);
        if (repository.startsWith(OWN_PREFIX)) {
            return ownPrograms(Project.read("deploy/Dockerfile"));
        }
        return PROGRAMS.getOrDefault(repository, Set.of());
    }

    static Optional<String> dataDirectory(String image) {
        return Optional.ofNullable(DATA.get(repository(image)));
    }

    /** java, sh (the base image is Ubuntu), and what the last stage of the Dockerfile installs with apt-get. */
    static Set<String> ownPrograms(String dockerfile) {
        String lastStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        Set<String> programs = new LinkedHashSet<>(List.of("java", "sh"));
        Matcher m = APT_INSTALL.matcher(lastStage);
        while (m.find()) {
            for (String word : m.group(1).trim().split("\\s+")) {
                if (!word.startsWith("-")) {
                    programs.add(word);
                }
            }
        }
        return programs;
    }
}
