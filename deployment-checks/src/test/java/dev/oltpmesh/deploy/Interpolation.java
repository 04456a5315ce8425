package dev.oltpmesh.deploy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's variable syntax, as far as the checks need it: which variables a value requires
 * ({@code ${VAR:?message}}), and the value a container sees when every required variable is set.
 */
final class Interpolation {

    /** {@code $$}, or a braced variable with an optional modifier, or a bare {@code $VAR}. */
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\\{[^{}]*})*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern EXACTLY_REQUIRED = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*):\\?[^}]+}");

    private Interpolation() {
    }

    /**
     * The value with {@code $$} unescaped, every required variable replaced by a stand-in naming it,
     * a variable with a default by its default, and any other variable by nothing (compose's "unset").
     */
    static String resolve(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else if (m.group(1) != null && m.group(2) != null && m.group(2).endsWith("?")) {
                replacement = standIn(m.group(1));
            } else if (m.group(1) != null && m.group(2) != null && m.group(2).endsWith("-")) {
                replacement = m.group(3);
            } else {
                replacement = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** What a required variable stands for in a resolved value: a secret no file of the repository holds. */
    static String standIn(String variable) {
        return "required-" + variable + "-0123456789abcdefghijklmnopqrstuvwxyz";
    }

    static Set<String> requiredVariables(String value) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(value);
        while (m.find()) {
            if (m.group(1) != null && m.group(2) != null && m.group(2).endsWith("?")) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Whether the value is one required variable and nothing else: no default, no literal part. */
    static boolean isExactlyRequired(String value) {
        return EXACTLY_REQUIRED.matcher(value.strip()).matches();
    }
}
