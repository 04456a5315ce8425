package dev.oltpmesh.gateway.rest;

import dev.oltpmesh.gateway.web.GatewayException;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * PostgREST's {@code Prefer} request header: {@code count}, {@code return}, {@code missing},
 * {@code resolution} and {@code handling}. As PostgREST does, a preference the server does not know or
 * cannot honour is ignored unless {@code handling=strict} asks for a 400.
 *
 * @param count      exact, planned or estimated; null for none
 * @param returning  minimal, headers-only or representation; null when not said
 * @param resolution ignore-duplicates or merge-duplicates; null when not said
 * @param applied    the preferences honoured, for the {@code Preference-Applied} answer header
 */
public record Prefer(String count, String returning, boolean missingDefault, String resolution, List<String> applied) {

    private static final List<String> COUNTS = List.of("exact", "planned", "estimated");
    private static final List<String> RETURNS = List.of("minimal", "headers-only", "representation");
    private static final List<String> RESOLUTIONS = List.of("ignore-duplicates", "merge-duplicates");

    public Prefer {
        applied = List.copyOf(applied);
    }

    public static Prefer parse(Enumeration<String> headers) {
        List<String> tokens = new ArrayList<>();
        while (headers != null && headers.hasMoreElements()) {
            for (String token : headers.nextElement().split("[,;]")) {
                if (!token.isBlank()) {
                    tokens.add(token.trim());
                }
            }
        }
        boolean strict = tokens.stream().anyMatch(t -> t.equalsIgnoreCase("handling=strict"));
        String count = null;
        String returning = null;
        String resolution = null;
        boolean missingDefault = false;
        List<String> applied = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String token : tokens) {
            int eq = token.indexOf('=');
            String name = eq < 0 ? token.toLowerCase(Locale.ROOT) : token.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : token.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "count" -> count = pick(COUNTS, value, token, unknown, applied, count);
                case "return" -> returning = pick(RETURNS, value, token, unknown, applied, returning);
                case "resolution" -> resolution = pick(RESOLUTIONS, value, token, unknown, applied, resolution);
                case "missing" -> {
                    if (value.equals("default") || value.equals("null")) {
                        missingDefault = value.equals("default");
                        applied.add(token);
                    } else {
                        unknown.add(token);
                    }
                }
                case "handling" -> {
                    if (!value.equals("strict") && !value.equals("lenient")) {
                        unknown.add(token);
                    }
                }
                // Time zones, row limits on changes and transaction ends concern what the mesh does not do.
                default -> unknown.add(token);
            }
        }
        if (strict && !unknown.isEmpty()) {
            throw GatewayException.invalidPreferences("preferences not honoured: " + String.join(", ", unknown));
        }
        return new Prefer(count, returning, missingDefault, resolution, applied);
    }

    private static String pick(List<String> allowed, String value, String token, List<String> unknown,
                               List<String> applied, String before) {
        if (!allowed.contains(value)) {
            unknown.add(token);
            return before;
        }
        applied.add(token);
        return value;
    }

    /**
     * PostgREST clients name a schema with {@code Accept-Profile} (reads) or {@code Content-Profile}
     * (writes); the mesh's tables are all in one, {@code public}.
     */
    public static void requirePublicSchema(String profile) {
        if (profile != null && !profile.isBlank() && !profile.trim().equals("public")) {
            throw GatewayException.unknownSchema(profile.trim());
        }
    }

    public boolean counted() {
        return count != null;
    }
}
