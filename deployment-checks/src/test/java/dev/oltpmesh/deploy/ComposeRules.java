package dev.oltpmesh.deploy;

import dev.oltpmesh.deploy.ComposeFile.ComposeService;
import dev.oltpmesh.deploy.ComposeFile.Mount;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a compose file of the mesh must be to come up and stay up, rule by rule; each rule answers the
 * places that break it, in words, and nothing when it holds.
 */
final class ComposeRules {


    private final ComposeFile compose;
    private final Map<String, ComposeService> services;

    ComposeRules(ComposeFile compose) {
        this.compose = compose;
        this.services = compose.services();
    }

    /** Whether the service runs once and ends (others wait for it to complete), rather than stays up. */
    boolean oneShot(String service) {
        return services.values().stream().anyMatch(s ->
                "service_completed_successfully".equals(s.dependsOn().get(service)));
    }

    List<String> servicesWithoutHealthcheck() {
        return services.values().stream()
                .filter(s -> !oneShot(s.name()) && s.healthcheck().isEmpty())
                .map(s -> s.name() + " stays up but has no healthcheck")
                .toList();
    }

    /** Each healthcheck runs a program its image holds, with no shell, or a POSIX shell without bash's extensions. */
    List<String> healthchecksThatCannotRun() {
        List<String> problems = new ArrayList<>();
        for (ComposeService service : services.values()) {
            Optional<List<String>> test = service.healthcheck();
            if (test.isEmpty()) {
                continue;
            }
            List<String> command = test.get();
            String where = service.name() + "'s healthcheck " + command;
            Set<String> programs = service.image() == null ? Set.of() : Images.programs(service.image());
            switch (command.getFirst()) {
                case "CMD" -> {
                    if (command.size() < 2) {
                        problems.add(where + " runs nothing");
                    } else if (!programs.contains(command.get(1))) {
                        problems.add(where + " runs " + command.get(1) + ", which image " + service.image()
                                + " does not hold (it holds " + programs + ")");
                    } else if (Set.of("sh", "bash").contains(command.get(1))) {
                        command.stream().skip(2).map(Shell::bashOnly).flatMap(Optional::stream).findFirst()
                                .ifPresent(construct -> problems.add(where + " uses " + construct));
                    }
                }
                case "CMD-SHELL" -> {
                    String script = String.join(" ", command.subList(1, command.size()));
                    Optional<String> construct = Shell.bashOnly(script);
                    if (construct.isPresent()) {
                        problems.add(where + " uses " + construct.get() + ", which the image's sh does not know");
                    }
                    String program = script.strip().split("\\s+")[0];
                    if (!programs.contains("sh") || !programs.contains(program) && !Shell.BUILT_INS.contains(program)) {
                        problems.add(where + " needs sh and " + program + ", which image " + service.image()
                                + " does not both hold (it holds " + programs + ")");
                    }
                }
                default -> problems.add(where + " is disabled or not CMD / CMD-SHELL");
            }
        }
        return problems;
    }

    /** A service waits for what it needs to be healthy (or done), not merely started. */
    List<String> dependenciesNotOnHealth() {
        List<String> problems = new ArrayList<>();
        for (ComposeService service : services.values()) {
            service.dependsOn().forEach((name, condition) -> {
                ComposeService target = services.get(name);
                String where = service.name() + " depends on " + name;
                if (target == null) {
                    problems.add(where + ", which is not a service of the file");
                } else if ("service_healthy".equals(condition)) {
                    if (target.healthcheck().isEmpty()) {
                        problems.add(where + " being healthy, but " + name + " has no healthcheck");
                    }
                } else if ("service_completed_successfully".equals(condition)) {
                    if (target.definition().get("restart") != null) {
                        problems.add(where + " completing, but " + name + " restarts");
                    }
                } else {
                    problems.add(where + " with condition " + condition
                            + ": use service_healthy (or service_completed_successfully for a one-shot)");
                }
            });
        }
        return problems;
    }

    /** No secret has a value in the file: each is a required variable, and no URL carries a password. */
    List<String> defaultSecrets() {
        List<String> problems = new ArrayList<>();
        for (ComposeService service : services.values()) {
            service.environment().forEach((name, value) -> {
                if (Credentials.isSecret(name, value) && !Interpolation.isExactlyRequired(value)) {
                    problems.add(service.name() + " sets " + name + " to a value of the file, not to a required "
                            + "variable ${" + name + ":?…}");
                }
                if (Credentials.hasPasswordInUrl(value)) {
                    problems.add(service.name() + "'s " + name + " carries a password in a URL");
                }
            });
        }
        Set<String> required = requiredVariables();
        compose.secrets().forEach((name, secret) -> {
            Object variable = secret.get("environment");
            if (variable == null && secret.get("file") == null && secret.get("external") == null) {
                problems.add("secret " + name + " is written in the file");
            } else if (variable != null && !required.contains(variable.toString())) {
                problems.add("secret " + name + " comes from " + variable + ", which nothing requires to be set: "
                        + "compose would start with an empty secret");
            }
        });
        return problems;
    }

    /** Every service of the mesh gets what its configuration requires (read from the service itself). */
    List<String> missingProperties() {
        List<String> problems = new ArrayList<>();
        for (ComposeService service : services.values()) {
            Optional<String> module = service.module();
            if (module.isEmpty()) {
                continue;
            }
            ServiceConfiguration configuration = ServiceConfiguration.of(module.get(), service.resolvedEnvironment());
            configuration.problems().forEach(p -> problems.add(service.name() + ": " + p));
            // The record cannot mark it required (a database with an admin already starts without one), but a
            // new deployment's database has none, and the service then refuses to start.
            if (module.get().equals("config-service") && configuration.property("mesh.config-service.admin-key").isEmpty()) {
                problems.add(service.name() + ": mesh.config-service.admin-key is not set: a new mesh has no admin key");
            }
            configuration.property("mesh.kafka.password-file")
                    .filter(file -> service.mountHolding(file).isEmpty())
                    .ifPresent(file -> problems.add(service.name() + ": its Kafka password file " + file
                            + " is on no mounted volume"));
        }
        return problems;
    }

    /** What must outlive a container is on a named volume of the file: recreating it keeps the data. */
    List<String> dataOffVolumes() {
        List<String> problems = new ArrayList<>();
        for (ComposeService service : services.values()) {
            if (oneShot(service.name())) {
                continue;
            }
            List<String> data = new ArrayList<>();
            if (service.image() != null) {
                Images.dataDirectory(service.image()).ifPresent(data::add);
                if (Images.repository(service.image()).equals("apache/kafka")) {
                    String logDirs = service.resolvedEnvironment().get("KAFKA_LOG_DIRS");
                    if (logDirs == null) {
                        problems.add(service.name() + " sets no KAFKA_LOG_DIRS: Kafka keeps its topics in /tmp");
                    } else {
                        data.addAll(List.of(logDirs.split(",")));
                    }
                    Optional.ofNullable(service.resolvedEnvironment().get("KAFKA_METADATA_LOG_DIR")).ifPresent(data::add);
                }
            }
            // A service's key pair is made on its first start; another one after a recreate would be a stranger.
            service.module().flatMap(m -> ServiceConfiguration.of(m, service.resolvedEnvironment())
                    .property("mesh.identity.key-dir")).ifPresent(data::add);
            for (String dir : data) {
                Optional<Mount> mount = service.mountHolding(dir);
                if (mount.isEmpty() || !mount.get().named()) {
                    problems.add(service.name() + " keeps " + dir + " in its container, not on a named volume");
                } else if (!compose.namedVolumes().contains(mount.get().source())) {
                    problems.add(service.name() + " mounts volume " + mount.get().source()
                            + ", which the file does not declare");
                }
            }
        }
        return problems;
    }

    /** The file's opening comment names every published port and volume; .env.example every required variable. */
    List<String> undocumented(String envExample) {
        List<String> problems = new ArrayList<>();
        String header = compose.header();
        for (String volume : compose.namedVolumes()) {
            if (!header.contains(volume)) {
                problems.add("volume " + volume + " is not described in the file's opening comment");
            }
        }
        for (ComposeService service : services.values()) {
            for (String port : service.publishedPorts()) {
                String[] parts = port.split(":");
                String hostPort = parts.length >= 2 ? parts[parts.length - 2] : parts[0];
                if (!header.contains(hostPort)) {
                    problems.add(service.name() + "'s port " + hostPort + " is not described in the file's opening comment");
                }
            }
        }
        for (String variable : requiredVariables()) {
            if (envExample.lines().noneMatch(line -> line.startsWith(variable + "="))) {
                problems.add("required variable " + variable + " is not in .env.example");
            }
        }
        return problems;
    }

    private Set<String> requiredVariables() {
        Set<String> required = new LinkedHashSet<>();
        for (ComposeService service : services.values()) {
            service.environment().values().forEach(v -> required.addAll(Interpolation.requiredVariables(v)));
        }
        return required;
    }
}
