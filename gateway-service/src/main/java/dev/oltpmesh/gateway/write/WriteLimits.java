package dev.oltpmesh.gateway.write;

import dev.oltpmesh.gateway.GatewayProperties;
import dev.oltpmesh.gateway.web.GatewayException;
import dev.oltpmesh.support.config.TableLookup;
import tools.jackson.databind.json.JsonMapper;

/** What a write must keep to before its rows are read, in either dialect. */
final class WriteLimits {

    private WriteLimits() {
    }

    static void check(byte[] body, String idempotencyKey, GatewayProperties properties) {
        if (body != null && body.length > properties.maxBodyBytes()) {
            throw GatewayException.tooLarge("the body is over " + properties.maxBodyBytes() + " bytes");
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
            throw GatewayException.invalidInput("an Idempotency-Key must have 1 to 255 characters");
        }
    }

    /** Twice the body: room for canonical forms, and an event still well inside the 16 MiB a Kafka record may hold. */
    static TransactionRequestReader reader(TableLookup tables, JsonMapper json, GatewayProperties properties) {
        return new TransactionRequestReader(tables, json, properties.maxRows(), 2L * properties.maxBodyBytes());
    }
}
