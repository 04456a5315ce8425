package dev.oltpmesh.gateway.write;

import io.swagger.v3.oas.annotations.media.Schema;

/** A transaction durably on Kafka, not yet final: poll {@code GET /v1/tx/{txId}} for its outcome. */
@Schema(description = "A transaction durably on Kafka, not yet final: GET /v1/tx/{txId} tells its outcome.")
record TxAccepted(@Schema(example = "019ae0c4-5b1e-7c3a-9f21-3c5d7e9a1b20") String txId,
                  @Schema(allowableValues = {"ACCEPTED", "COMMITTED", "FAILED"},
                          description = "ACCEPTED, or the outcome if it came while the answer was being written")
                  String status,
                  @Schema(description = "rows in the transaction", example = "2") int rows) {
}
