package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's API document against the answers the mesh really gives. The gateway documents the
 * administration with records of its own while the config service writes the answers: every member
 * of a real answer must be a documented property of the schema its operation names, with a JSON type
 * the schema allows, so the two cannot drift apart unnoticed.
 */
class ApiDocumentationIT {

    private static final String TABLE = "doc_check";
    private static MeshClient mesh;
    private static JsonNode docs;

    @BeforeAll
    static void fetchTheDocument() throws Exception {
        MeshCluster cluster = SharedCluster.get();
        mesh = new MeshClient(cluster);
        var answer = mesh.get("/v3/api-docs");
        assertThat(answer.status()).isEqualTo(200);
        docs = answer.body();
    }

    @Test
    void shouldDocumentEveryMemberOfWhatTheMeshAnswers() throws Exception {
        List<String> problems = new ArrayList<>();
        check(problems, "put", "/v1/admin/tables/{table}", mesh.put("/v1/admin/tables/" + TABLE, """
                {"columns":[{"name":"account","type":"text","nullable":false},{"name":"qty","type":"bigint"}],
                 "primaryKey":["account"],"placement":{"strategy":"HASH","column":"account","shards":4}}"""));
        check(problems, "get", "/v1/admin/tables", mesh.get("/v1/admin/tables"));
        check(problems, "get", "/v1/admin/tables/{table}", mesh.get("/v1/admin/tables/" + TABLE));
        check(problems, "get", "/v1/admin/tables/{table}", mesh.get("/v1/admin/tables/no_such_table"));
        check(problems, "get", "/v1/admin/placement", mesh.get("/v1/admin/placement"));
        check(problems, "get", "/v1/admin/peers", mesh.get("/v1/admin/peers"));
        check(problems, "get", "/v1/admin/moves", mesh.get("/v1/admin/moves"));
        check(problems, "post", "/v1/admin/rebalance", mesh.post("/v1/admin/rebalance?dryRun=true", ""));
        check(problems, "post", "/v1/admin/keys", mesh.post("/v1/admin/keys", """
                {"name":"docs-check","role":"READER","tables":["%s"]}""".formatted(TABLE)));
        check(problems, "get", "/v1/admin/keys", mesh.get("/v1/admin/keys"));
        check(problems, "get", "/v1/admin/service-keys", mesh.get("/v1/admin/service-keys"));
        String row = "{\"inserts\":[{\"table\":\"" + TABLE + "\",\"rows\":[{\"account\":\"a%d\",\"qty\":%d}]}]}";
        var accepted = mesh.post("/v1/tx", row.formatted(1, 1));
        check(problems, "post", "/v1/tx", accepted);
        check(problems, "post", "/v1/tx", mesh.post("/v1/tx?wait=committed&timeout=PT20S", row.formatted(2, 2)));
        check(problems, "get", "/v1/tx/{txId}", mesh.get("/v1/tx/" + accepted.body().path("txId").asString()));
        check(problems, "get", "/v1/tables/{table}/rows",
                mesh.get("/v1/tables/" + TABLE + "/rows?after=" + accepted.body().path("txId").asString()));
        check(problems, "get", "/v1/tables/{table}/rows", mesh.get("/v1/tables/" + TABLE + "/rows?select=count()"));
        check(problems, "get", "/v1/admin/tables/{table}/stats",
                mesh.get("/v1/admin/tables/" + TABLE + "/stats?digest=true"));
        assertThat(problems).isEmpty();
    }

    private static void check(List<String> problems, String method, String path, MeshClient.Response answer) {
        String status = String.valueOf(answer.status());
        String where = method.toUpperCase() + " " + path + " " + status;
        JsonNode content = docs.path("paths").path(path).path(method).path("responses").path(status).path("content");
        JsonNode media = content.has("application/json") ? content.path("application/json")
                : content.path("application/problem+json");
        if (media.isMissingNode()) {
            problems.add(where + ": this answer is not documented");
        } else if (answer.body() == null) {
            problems.add(where + ": no JSON body");
        } else {
            value(problems, where, answer.body(), media.path("schema"));
        }
    }

    private static void value(List<String> problems, String where, JsonNode value, JsonNode schema) {
        schema = resolved(schema);
        if (value.isNull()) {
            return;
        }
        if (schema.has("oneOf")) {
            JsonNode discriminator = schema.path("discriminator");
            String chosen = discriminator.path("mapping")
                    .path(value.path(discriminator.path("propertyName").asString()).asString()).asString("");
            if (!chosen.isEmpty()) {
                value(problems, where, value, ref(chosen));
                return;
            }
            for (JsonNode option : schema.path("oneOf")) {
                List<String> found = new ArrayList<>();
                value(found, where, value, option);
                if (found.isEmpty()) {
                    return;
                }
            }
            problems.add(where + ": matches none of " + schema.path("oneOf"));
            return;
        }
        Set<String> types = types(schema);
        if (!types.isEmpty() && !types.contains(typeOf(value))
                && !(typeOf(value).equals("integer") && types.contains("number"))) {
            problems.add(where + ": a " + typeOf(value) + " where the document says " + types);
            return;
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            for (Map.Entry<String, JsonNode> member : value.properties()) {
                if (properties.has(member.getKey())) {
                    value(problems, where + "." + member.getKey(), member.getValue(), properties.path(member.getKey()));
                } else if (additional.isObject()) {
                    value(problems, where + "." + member.getKey(), member.getValue(), additional);
                } else {
                    problems.add(where + ": member '" + member.getKey() + "' is not documented");
                }
            }
        } else if (value.isArray()) {
            for (JsonNode element : value) {
                value(problems, where + "[]", element, schema.path("items"));
            }
        }
    }

    private static JsonNode resolved(JsonNode schema) {
        return schema.has("$ref") ? ref(schema.path("$ref").asString()) : schema;
    }

    private static JsonNode ref(String ref) {
        return docs.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = new HashSet<>();
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asString()));
        } else if (type.isString()) {
            types.add(type.asString());
        }
        return types;
    }

    private static String typeOf(JsonNode value) {
        if (value.isObject()) {
            return "object";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        return value.isBoolean() ? "boolean" : "string";
    }
}
