package dev.oltpmesh.model.schema;

/** A value does not fit its column; the message says what was expected, for a person to act on. */
public class InvalidValueException extends RuntimeException {

    public InvalidValueException(String message) {
        super(message);
    }
}
