package dev.oltpmesh.gateway.web;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The check on its own, on documents with the faults it is there to find. */
class ApiDocumentationCheckTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String SCHEME = """
            "components":{"securitySchemes":{"apiKey":{"type":"http","scheme":"bearer"}},"schemas":%s}""";

    private static java.util.List<String> problems(String operation, String schemas) {
        return ApiDocumentationCheck.problemsOf(JSON.readTree("{\"paths\":{\"/v1/x\":{\"get\":" + operation + "}},"
                + SCHEME.formatted(schemas) + "}"), "apiKey");
    }

    private static String answering(String schema) {
        return """
                {"security":[{"apiKey":[]}],"responses":{"200":{"content":{"application/json":{"schema":%s}}}}}"""
                .formatted(schema);
    }

    @Test
    void shouldPassATypedKeyedOperation() {
        assertThat(problems(answering("{\"$ref\":\"#/components/schemas/Row\"}"), """
                {"Row":{"type":"object","additionalProperties":{"type":["string","number","null"]}}}""")).isEmpty();
    }

    @Test
    void shouldReportAnUntypedMapInAComponent() {
        assertThat(problems(answering("{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Peer\"}}"), """
                {"Peer":{"type":"object","properties":{"id":{"type":"string"},"extra":{"type":"object",
                 "additionalProperties":{}}}}}""")).singleElement().asString()
                .contains("GET /v1/x response 200", "Peer.extra", "no properties");
    }

    @Test
    void shouldReportASchemaWithoutType() {
        assertThat(problems(answering("{}"), "{}")).singleElement().asString().contains("untyped");
    }

    @Test
    void shouldReportForwardedBytes() {
        assertThat(problems(answering("{\"type\":\"string\",\"format\":\"binary\"}"), "{}")).singleElement()
                .asString().contains("opaque bytes");
    }

    @Test
    void shouldReportAnOperationWithoutTheKey() {
        assertThat(problems("""
                {"responses":{"204":{"description":"gone"}}}""", "{}")).singleElement().asString()
                .contains("no 'apiKey' security requirement");
    }

    @Test
    void shouldReportARefusalThatIsNotAProblem() {
        assertThat(problems("""
                {"security":[{"apiKey":[]}],"responses":{"204":{"description":"gone"},
                 "404":{"content":{"application/json":{"schema":{"type":"string"}}}}}}""", "{}"))
                .singleElement().asString().contains("404", "problem+json");
    }
}
