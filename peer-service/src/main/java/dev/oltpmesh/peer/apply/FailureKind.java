package dev.oltpmesh.peer.apply;

import dev.oltpmesh.support.config.ConfigUnavailableException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;

/**
 * Tells a failure that says nothing about the part (the database or the config service briefly
 * away) from one the part caused (a duplicate key, a value or name the database refuses). The first
 * is retried, never turned into a refusal; the second refuses that part alone.
 */
final class FailureKind {

    static final String LOCK_NOT_AVAILABLE = "55P03";

    private FailureKind() {
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // PostgreSQL reports it as out of memory (53200), but no retry helps: the slots are freed by
            // decisions that wait behind this very part. It refuses the part.
            if (t.getMessage() != null && t.getMessage().contains("maximum number of prepared transactions reached")) {
                return false;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                // Decided here, not by the translation Spring gives it (a transient CannotAcquireLockException):
                // a key an undecided transaction holds refuses the part, for its decision may wait on a vote
                // queued behind this very part on another peer; any other lock (a table's definition row while
                // a move's copy creates or alters the table, say) is let go by a running transaction.
                return !isKeyHeld(sql);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigUnavailableException || t instanceof MoveSettlingException || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException || t instanceof DataAccessResourceFailureException
                    // Beginning or ending a transaction failed in the infrastructure; not an illegal state or an
                    // unexpected rollback, which are bugs in the handler and must not be retried for ever.
                    || t instanceof CannotCreateTransactionException || t instanceof TransactionSystemException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && isTransientState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a lock wait that ran out was for a key another transaction (a prepared one, typically)
     * has inserted and not yet committed. PostgreSQL names what it waited for only in the error's
     * context: an insert into a unique index (with or without {@code on conflict}), or the check of
     * a unique or exclusion constraint. A server that words it otherwise (another language of
     * messages) has its key waits applied again instead, until the prepare timeout decides.
     */
    static boolean isKeyHeld(SQLException lockTimeout) {
        String where = lockWaitedFor(lockTimeout);
        return where.contains("inserting index tuple") || where.contains("checking uniqueness of tuple")
                || where.contains("checking exclusion constraint on tuple");
    }

    /** PostgreSQL's words for what a lock wait that ran out waited for, or "a lock" where it gives none. */
    static String lockWaitedFor(SQLException lockTimeout) {
        // A batch's failure is a BatchUpdateException; the server's own error is chained to it.
        for (Throwable t = lockTimeout; t != null; t = t instanceof SQLException sql && sql.getNextException() != null
                ? sql.getNextException() : t.getCause()) {
            ServerErrorMessage server = t instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
            if (server != null && server.getWhere() != null) {
                return server.getWhere();
            }
        }
        return "a lock";
    }

    /**
     * PostgreSQL's classes of conditions outside the statement: connection (08), transaction
     * rollback such as serialization failure or deadlock (40), insufficient resources (53), operator
     * intervention such as a shutdown (57), system errors (58).
     */
    private static boolean isTransientState(String state) {
        return state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57")
                || state.startsWith("58");
    }
}
