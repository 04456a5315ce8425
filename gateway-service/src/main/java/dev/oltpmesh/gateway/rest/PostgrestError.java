package dev.oltpmesh.gateway.rest;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An error as PostgREST answers it, in PostgreSQL's terms: a {@code code} clients' error handling
 * switches on (a PostgreSQL SQLSTATE such as 23505, or PostgREST's own PGRSTnnn, or else the mesh's
 * stable problem type), a {@code message}, and optional {@code details} and {@code hint}.
 */
@Schema(name = "PostgrestError")
public record PostgrestError(@Schema(example = "23505") String code,
                             @Schema(example = "transaction 019ae0c4-… failed and stored nothing: duplicate key value "
                                     + "violates unique constraint") String message,
                             String details,
                             String hint) {
}
