package dev.oltpmesh.peer.apply;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FailureKindTest {

    /** PostgreSQL's error as the driver reads it off the wire: fields, each a letter and a value. */
    private static PSQLException serverError(String state, String message, String where) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C" + state + "\0M" + message + "\0"
                + (where == null ? "" : "W" + where + "\0")));
    }

    private static RuntimeException asSpringThrowsIt(PSQLException e) {
        return new CannotAcquireLockException("PreparedStatementCallback", e);
    }

    @Test
    void shouldRefuseAPartWhoseKeyAnUndecidedTransactionHolds() {
        // As PostgreSQL 18 words them: a plain insert, an insert with on conflict, and the checks of older servers.
        for (String where : List.of("while inserting index tuple (0,2) in relation \"account_pkey\"",
                "while inserting index tuple (0,1) in relation \"account\"",
                "while checking uniqueness of tuple (0,7) in relation \"account\"",
                "while checking exclusion constraint on tuple (0,7) in relation \"account\"")) {
            PSQLException timedOut = serverError("55P03", "canceling statement due to lock timeout", where);

            assertThat(FailureKind.isTransient(asSpringThrowsIt(timedOut))).as(where).isFalse();
            assertThat(FailureKind.lockWaitedFor(timedOut)).isEqualTo(where);
        }
    }

    @Test
    void shouldApplyAgainAPartThatWaitedOnAnyOtherLock() {
        PSQLException definitionRow = serverError("55P03", "canceling statement due to lock timeout",
                "while locking tuple (0,3) in relation \"mesh_tables\"");
        PSQLException wholeTable = serverError("55P03", "canceling statement due to lock timeout", null);

        assertThat(FailureKind.isTransient(asSpringThrowsIt(definitionRow))).isTrue();
        assertThat(FailureKind.isTransient(asSpringThrowsIt(wholeTable))).isTrue();
    }

    @Test
    void shouldRefuseAPartThatBreaksAConstraint() {
        PSQLException duplicate = serverError("23505", "duplicate key value violates unique constraint \"account_pkey\"",
                null);

        assertThat(FailureKind.isTransient(new DataIntegrityViolationException("insert", duplicate))).isFalse();
    }

    @Test
    void shouldApplyAgainWhenTheDatabaseIsAway() {
        assertThat(FailureKind.isTransient(asSpringThrowsIt(serverError("57P01", "terminating connection", null))))
                .isTrue();
    }
}
