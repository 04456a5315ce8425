package dev.oltpmesh.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A compose file as compose reads it: YAML with its anchors and merge keys resolved (SnakeYAML does),
 * before variables are interpolated. {@code text} is the file as written, comments included.
 */
record ComposeFile(String text, Map<String, Object> model) {

    static ComposeFile parse(String text) {
        Map<String, Object> model = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        return new ComposeFile(text, model);
    }

    static ComposeFile ofTheProject() {
        return parse(Project.read("docker-compose.yml"));
    }

    Map<String, ComposeService> services() {
        Map<String, ComposeService> services = new LinkedHashMap<>();
        Yamls.map(model.get("services")).forEach((name, definition) ->
                services.put(name, new ComposeService(name, Yamls.map(definition))));
        return services;
    }

    Set<String> namedVolumes() {
        return Yamls.map(model.get("volumes")).keySet();
    }

    Map<String, Map<String, Object>> secrets() {
        Map<String, Map<String, Object>> secrets = new LinkedHashMap<>();
        Yamls.map(model.get("secrets")).forEach((name, definition) -> secrets.put(name, Yamls.map(definition)));
        return secrets;
    }

    /** The comment lines the file starts with: where it documents itself. */
    String header() {
        StringBuilder header = new StringBuilder();
        for (String line : text.lines().toList()) {
            if (!line.startsWith("#")) {
                break;
            }
            header.append(line).append('\n');
        }
        return header.toString();
    }

    /** One service; its values as written, variables not interpolated. */
    record ComposeService(String name, Map<String, Object> definition) {

        String image() {
            return (String) definition.get("image");
        }

        /** The module this service's image is built from: the SERVICE argument of deploy/Dockerfile. */
        Optional<String> module() {
            Map<String, Object> build = Yamls.map(definition.get("build"));
            Object dockerfile = build.get("dockerfile");
            if (dockerfile == null || !dockerfile.toString().endsWith("deploy/Dockerfile")) {
                return Optional.empty();
            }
            return Optional.ofNullable((String) Yamls.map(build.get("args")).get("SERVICE"));
        }

        /** The environment, in its map or its list form, values as written. */
        Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            Object raw = definition.get("environment");
            if (raw instanceof List<?> list) {
                for (Object entry : list) {
                    String[] pair = entry.toString().split("=", 2);
                    environment.put(pair[0], pair.length > 1 ? pair[1] : "");
                }
            } else {
                Yamls.map(raw).forEach((key, value) -> environment.put(key, value == null ? "" : value.toString()));
            }
            return environment;
        }

        /** The environment the container sees once every required variable is set. */
        Map<String, String> resolvedEnvironment() {
            Map<String, String> resolved = new LinkedHashMap<>();
            environment().forEach((key, value) -> resolved.put(key, Interpolation.resolve(value)));
            return resolved;
        }

        /** The healthcheck's test in its list form; a string is compose's shorthand for CMD-SHELL. */
        Optional<List<String>> healthcheck() {
            Object test = Yamls.map(definition.get("healthcheck")).get("test");
            if (test instanceof String command) {
                return Optional.of(List.of("CMD-SHELL", command));
            }
            return Optional.ofNullable(test).map(t -> ((List<?>) t).stream().map(Object::toString).toList());
        }

        /** Each service depended on, with its condition; null where the short (list) form gives none. */
        Map<String, String> dependsOn() {
            Map<String, String> dependencies = new LinkedHashMap<>();
            Object raw = definition.get("depends_on");
            if (raw instanceof List<?> list) {
                list.forEach(name -> dependencies.put(name.toString(), null));
            } else {
                Yamls.map(raw).forEach((name, options) ->
                        dependencies.put(name, (String) Yamls.map(options).get("condition")));
            }
            return dependencies;
        }

        List<Mount> mounts() {
            Object raw = definition.get("volumes");
            if (!(raw instanceof List<?> list)) {
                return List.of();
            }
            return list.stream().map(Mount::of).toList();
        }

        List<String> publishedPorts() {
            Object raw = definition.get("ports");
            if (!(raw instanceof List<?> list)) {
                return List.of();
            }
            return list.stream().map(Object::toString).toList();
        }

        /** Where a file or folder in the container comes from: a named volume, else empty. */
        Optional<Mount> mountHolding(String path) {
            return mounts().stream()
                    .filter(m -> path.equals(m.target()) || path.startsWith(m.target().endsWith("/") ? m.target() : m.target() + "/"))
                    .max(Comparator.comparingInt(m -> m.target().length()));
        }
    }

    /** A volume or bind mount; {@code named} when the source is a volume of the file, not a host path. */
    record Mount(String source, String target, boolean named) {

        static Mount of(Object raw) {
            if (raw instanceof Map<?, ?> longForm) {
                String source = String.valueOf(longForm.get("source"));
                return new Mount(source, String.valueOf(longForm.get("target")), "volume".equals(longForm.get("type")));
            }
            String[] parts = raw.toString().split(":");
            if (parts.length == 1) {
                return new Mount("", parts[0], false);
            }
            boolean hostPath = parts[0].startsWith(".") || parts[0].startsWith("/") || parts[0].startsWith("~");
            return new Mount(parts[0], parts[1], !hostPath);
        }
    }
}
