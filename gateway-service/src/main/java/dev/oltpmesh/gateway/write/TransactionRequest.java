package dev.oltpmesh.gateway.write;

import dev.oltpmesh.gateway.web.ApiDocumentation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/tx} as the API documents it. The handler reads the bytes itself
 * ({@link TransactionRequestReader}): it bounds sizes before building anything and checks each value
 * against its column's type, which a generic binding would have rounded or coerced first.
 */
@Schema(description = "Rows to insert, in one or more tables, as one transaction: all of them are stored or none.")
record TransactionRequest(@ArraySchema(minItems = 1) List<TableInsert> inserts) {

    record TableInsert(@Schema(example = "payment") String table,
                       @ArraySchema(minItems = 1, schema = @Schema(ref = ApiDocumentation.ROW))
                       List<Map<String, Object>> rows) {
    }
}
