package dev.oltpmesh.deploy;

import java.util.regex.Pattern;

/** How a credential shows itself in a deployment's environment. */
final class Credentials {

    /** Names of variables that carry a secret. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|CREDENTIAL|_KEY)$");
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)[?&;]password=");

    private Credentials() {
    }

    /**
     * Whether a variable of this name and value holds a secret itself: not one that names the file
     * holding it (Spring's {@code file:} resources, the *_FILE variables, which this pattern leaves out).
     */
    static boolean isSecret(String name, String value) {
        return SECRET_NAME.matcher(name).matches() && (value == null || !value.startsWith("file:"));
    }

    static boolean hasPasswordInUrl(String value) {
        return value != null && PASSWORD_IN_URL.matcher(value).find();
    }
}
