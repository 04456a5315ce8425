package dev.oltpmesh.gateway.rest;

import dev.oltpmesh.gateway.web.GatewayException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PostgrestErrorsTest {

    @Test
    void shouldAnswerPostgresCodesForFaultsPostgresWouldReport() {
        assertThat(PostgrestErrors.of(GatewayException.unknownColumn("unknown column 'x'")).code()).isEqualTo("42703");
        assertThat(PostgrestErrors.of(GatewayException.invalidValue("not a bigint")).code()).isEqualTo("22P02");
        assertThat(PostgrestErrors.of(GatewayException.invalidRow("t", 0, "missing", "23502")).code()).isEqualTo("23502");
        assertThat(PostgrestErrors.of(GatewayException.transactionFailed("tx",
                "duplicate key value violates unique constraint \"t_pkey\"")).code()).isEqualTo("23505");
        assertThat(PostgrestErrors.of(GatewayException.forbiddenTable("t")).code()).isEqualTo("42501");
    }

    @Test
    void shouldAnswerPostgrestCodesForItsOwnFaults() {
        assertThat(PostgrestErrors.of(GatewayException.notFound("table 't'")).code()).isEqualTo("PGRST205");
        assertThat(PostgrestErrors.of(GatewayException.invalidInput("bad")).code()).isEqualTo("PGRST100");
        assertThat(PostgrestErrors.of(GatewayException.insertOnly("no")).code()).isEqualTo("PGRST117");
        assertThat(PostgrestErrors.of(GatewayException.rangeNotSatisfiable("no")).code()).isEqualTo("PGRST103");
        assertThat(PostgrestErrors.of(GatewayException.peersUnavailable(List.of("peer-2"))).code()).isEqualTo("PGRST000");
        assertThat(PostgrestErrors.of(HttpStatus.METHOD_NOT_ALLOWED, null, "no").code()).isEqualTo("PGRST117");
        assertThat(PostgrestErrors.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, null, "no").code()).isEqualTo("PGRST107");
    }

    @Test
    void shouldSayWhatPostgrestSaysWhenOneObjectWasAskedFor() {
        PostgrestError error = PostgrestErrors.of(GatewayException.notOneRow(2));
        assertThat(error.code()).isEqualTo("PGRST116");
        assertThat(error.message()).isEqualTo("Cannot coerce the result to a single JSON object");
        assertThat(error.details()).isEqualTo("The result contains 2 rows");
    }

    @Test
    void shouldKeepTheMeshTypeWherePostgrestHasNoCode() {
        assertThat(PostgrestErrors.of(GatewayException.idempotencyKeyReused()).code()).isEqualTo("idempotency-key-reused");
        assertThat(PostgrestErrors.of(GatewayException.transactionFailed("tx", "peer refused")).code())
                .isEqualTo("transaction-failed");
    }
}
