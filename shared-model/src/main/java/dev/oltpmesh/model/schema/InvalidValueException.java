package dev.oltpmesh.model.schema;

/**
 * A value does not fit its column; the message says what was expected, for a person to act on, and
 * {@code problem} what kind of fault it is, for a client that answers in PostgreSQL's terms.
 */
public class InvalidValueException extends RuntimeException {

    /** What is wrong: a value its column cannot hold, a required value missing, or a column the table lacks. */
    public enum Problem {
        INVALID_VALUE, MISSING_VALUE, UNKNOWN_COLUMN
    }

    private final Problem problem;

    public InvalidValueException(String message) {
        this(message, Problem.INVALID_VALUE);
    }

    private InvalidValueException(String message, Problem problem) {
        super(message);
        this.problem = problem;
    }

    public static InvalidValueException missing(String message) {
        return new InvalidValueException(message, Problem.MISSING_VALUE);
    }

    public static InvalidValueException unknownColumn(String message) {
        return new InvalidValueException(message, Problem.UNKNOWN_COLUMN);
    }

    /** The same kind of fault, said with more context. */
    public InvalidValueException withMessage(String message) {
        return new InvalidValueException(message, problem);
    }

    public Problem problem() {
        return problem;
    }
}
