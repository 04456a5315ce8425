package dev.oltpmesh.support.config;

/**
 * The config service could not be asked (down, slow, failing). Transient by nature: whoever meets it
 * retries or answers "try again", and never reads it as "this table does not exist".
 */
public class ConfigUnavailableException extends RuntimeException {

    private ConfigUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public static ConfigUnavailableException askingFor(String table, Throwable cause) {
        return asking("table '" + table + "'", cause);
    }

    /** This service has not read it on {@code mesh.config} yet, though another service has. */
    public static ConfigUnavailableException notKnownYet(String what) {
        return new ConfigUnavailableException(what + " is not known here yet", null);
    }

    public static ConfigUnavailableException asking(String what, Throwable cause) {
        return new ConfigUnavailableException("the config service could not be asked for " + what + ": "
                + cause.getMessage(), cause);
    }
}
