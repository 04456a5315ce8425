package dev.oltpmesh.deploy;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** A JSON Schema vendored under src/test/resources/schema, applied with networknt's validator. */
final class JsonSchemas {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Schema schema;

    private JsonSchemas(Schema schema) {
        this.schema = schema;
    }

    /** The Compose Specification's schema (draft 7), the one {@code docker compose config} applies. */
    static JsonSchemas compose() {
        try (InputStream in = JsonSchemas.class.getResourceAsStream("/schema/compose-spec.json")) {
            if (in == null) {
                throw new IllegalStateException("schema/compose-spec.json is not on the test classpath");
            }
            // Read from where it lies, so that its relative $id ("compose_spec.json") has a base to resolve against.
            return new JsonSchemas(SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(SchemaLocation.of("classpath:schema/compose-spec.json"), in, InputFormat.JSON));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every place the document (as read from YAML, anchors resolved) breaks the schema, in words. */
    List<String> violations(Object document) {
        List<Error> errors = schema.validate(JSON.valueToTree(document));
        return errors.stream().map(Error::toString).toList();
    }
}
